using System.Net;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Returns;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Returns;

/// <summary>
/// Returns through the real Portal over the demo data: a buyer asks to return items of a delivered order with a photo,
/// the administrator approves and receives; a fake photo and too many items are refused with what is wrong; another
/// company's buyer gets 404 on every page, photo and post of the return.
/// </summary>
public abstract partial class ReturnsWebTests<TPortal>(TPortal portal) where TPortal : PortalFactory
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    [Fact]
    public async Task A_buyer_returns_items_of_a_delivered_order_with_a_photo_and_staff_approve_and_receive_them()
    {
        var orderNumber = await DeliveredAcmeOrderAsync(3);
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var admin = await portal.SignedInAsync("admin@b2bportal.example");

        Assert.Contains("data-testid=\"return-items\"", await buyer.GetStringAsync($"/Ordering/OrderDetail/{orderNumber}"), StringComparison.Ordinal);
        var requested = await RequestAsync(buyer, orderNumber, "2", Png, "crack.png");
        Assert.Equal(HttpStatusCode.Redirect, requested.StatusCode);
        var url = requested.Headers.Location!.ToString();
        var number = ReturnRequest.NumberFor(orderNumber, 1);
        Assert.EndsWith($"/Returns/Detail/{number}", url, StringComparison.Ordinal);

        var detail = await buyer.GetStringAsync(url);
        Assert.Contains("Requested", detail, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"action-Cancel\"", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("action-Approve", detail, StringComparison.Ordinal);
        var photoUrl = WebUtility.HtmlDecode(PhotoSource().Match(detail).Groups[1].Value);
        var photo = await buyer.GetAsync(photoUrl);
        Assert.Equal(("image/png", Png.Length), (photo.Content.Headers.ContentType?.MediaType, (await photo.Content.ReadAsByteArrayAsync()).Length));
        Assert.Contains(number, await buyer.GetStringAsync("/Returns"), StringComparison.Ordinal);

        Assert.Contains(number, await admin.GetStringAsync("/Returns/Queue"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(admin, url, nameof(ReturnTrigger.Approve), "Use the enclosed label")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(admin, url, nameof(ReturnTrigger.Receive), "2 received")).StatusCode);
        var staffPage = await admin.GetStringAsync(url);
        Assert.Contains("data-testid=\"return-state\">Received<", staffPage, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"action-Credit\"", staffPage, StringComparison.Ordinal);
        Assert.Contains("Use the enclosed label", await buyer.GetStringAsync(url), StringComparison.Ordinal);

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal(["Return.Request", "Return.Approve", "Return.Receive"],
            await db.AuditEntries.Where(a => a.EntityType == "Return" && a.EntityId == number).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_and_more_than_is_left_are_refused_and_nothing_is_requested()
    {
        var orderNumber = await DeliveredAcmeOrderAsync(1);
        var buyer = await portal.SignedInAsync("buyer@acme.example");

        var fake = await RequestAsync(buyer, orderNumber, "1", "<svg onload=alert(1)>"u8.ToArray(), "evil.png");
        Assert.Equal(HttpStatusCode.BadRequest, fake.StatusCode);
        Assert.Contains("evil.png is not a JPEG, PNG or WebP image", await fake.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var tooMany = await RequestAsync(buyer, orderNumber, "2", null, null);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("at most 1 PCS can be returned", WebUtility.HtmlDecode(await tooMany.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.False(await db.Returns().AnyAsync(r => r.OrderNumber == orderNumber));
    }

    [Fact]
    public async Task Another_company_s_buyer_gets_404_for_the_return_its_photo_its_actions_and_the_order_s_return_form()
    {
        var orderNumber = await DeliveredAcmeOrderAsync(2);
        var acme = await portal.SignedInAsync("buyer@acme.example");
        var requested = await RequestAsync(acme, orderNumber, "1", Png, "dent.png");
        var url = requested.Headers.Location!.ToString();
        var photoUrl = WebUtility.HtmlDecode(PhotoSource().Match(await acme.GetStringAsync(url)).Groups[1].Value);

        var borealis = await portal.SignedInAsync("buyer@borealis.example");
        Assert.Equal(HttpStatusCode.NotFound, (await borealis.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await borealis.GetAsync(photoUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await borealis.GetAsync($"/Returns/Request/{orderNumber}")).StatusCode);
        Assert.DoesNotContain(orderNumber, await borealis.GetStringAsync("/Returns"), StringComparison.Ordinal);
        var cancel = await PortalFactory.PostFormAsync(borealis, $"{url}?handler=Act",
            new Dictionary<string, string> { ["trigger"] = nameof(ReturnTrigger.Cancel), ["seen"] = "0" }, "/Returns");
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal(ReturnState.Requested, await db.Returns().Where(r => r.OrderNumber == orderNumber).Select(r => r.State).SingleAsync());
    }

    private async Task<string> DeliveredAcmeOrderAsync(decimal quantity)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var number = "T-RMA-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await ReturnsAccessRules.DeliveredOrderAsync(db, "C10000", "buyer@acme.example", number, await ReturnsAccessRules.AcmeSkuAsync(db), quantity);
        return number;
    }

    /// <summary>Posts the return form of the order's first line with the form's anti-forgery token, and a photo if given.</summary>
    private static async Task<HttpResponseMessage> RequestAsync(HttpClient client, string orderNumber, string quantity, byte[]? photo, string? photoName)
    {
        var formUrl = $"/Returns/Request/{orderNumber}";
        var page = await client.GetStringAsync(formUrl);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Field(page, "__RequestVerificationToken")), "__RequestVerificationToken" },
            { new StringContent(Field(page, "Lines[0].LineNumber")), "Lines[0].LineNumber" },
            { new StringContent(quantity), "Lines[0].Quantity" },
            { new StringContent(nameof(ReturnReason.Damaged)), "Lines[0].Reason" },
            { new StringContent("Arrived dented"), "Comment" },
        };
        if (photo is not null)
        {
            form.Add(new ByteArrayContent(photo), "Photos", photoName!);
        }

        return await client.PostAsync(formUrl, form);
    }

    private static async Task<HttpResponseMessage> ActAsync(HttpClient client, string url, string trigger, string text)
    {
        var page = await client.GetStringAsync(url);
        return await PortalFactory.PostFormAsync(client, $"{url}?handler=Act",
            new Dictionary<string, string> { ["trigger"] = trigger, ["seen"] = Field(page, "seen"), ["text"] = text }, url);
    }

    private static string Field(string html, string name) =>
        WebUtility.HtmlDecode(HiddenField().Matches(html).FirstOrDefault(m => m.Groups["name"].Value == name)?.Groups["value"].Value
            ?? throw new InvalidOperationException($"No field {name} in the page."));

    [GeneratedRegex("name=\"(?<name>[^\"]+)\" (?:type=\"hidden\" )?value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenField();

    [GeneratedRegex("<img class=\"return-photo\" src=\"([^\"]+)\"")]
    private static partial Regex PhotoSource();
}

public sealed class ReturnsWebTestsOnSqlite(SqlitePortal portal) : ReturnsWebTests<SqlitePortal>(portal), IClassFixture<SqlitePortal>;

public sealed class ReturnsWebTestsOnPostgres(PostgresPortal portal) : ReturnsWebTests<PostgresPortal>(portal), IClassFixture<PostgresPortal>;
