using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Spreadsheets;

/// <summary>Hostile .xlsx uploads through the real forms: a message on the page, never a 500, never the cell echoed whole.</summary>
[Collection(SharedSqlitePortal.Name)]
public sealed partial class SpreadsheetUploadWebTests(SqlitePortal portal)
{
    public static TheoryData<string, byte[]> Unreadable => new()
    {
        { "PK header then garbage", TestWorkbooks.PkHeaderThenGarbage() },
        { "a zip that is no workbook", TestWorkbooks.ZipWithoutWorkbook() },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task An_unreadable_xlsx_gets_the_message_on_the_quick_order_form(string what, byte[] content)
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");

        var response = await QuickOrderUploadAsync(buyer, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This is not a readable .xlsx file", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.NotNull(what);
    }

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task An_unreadable_xlsx_gets_the_message_on_the_price_import_form(string what, byte[] content)
    {
        var admin = await portal.SignedInAsync("admin@b2bportal.example");

        var response = await PriceImportAsync(admin, await ListIdAsync("BASE-EUR"), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Nothing imported: This is not a readable .xlsx file", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.NotNull(what);
    }

    [Fact]
    public async Task The_bomb_is_refused_on_both_forms_naming_the_limit()
    {
        var bomb = TestWorkbooks.WithOneLongSharedString(300_000_000);
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var admin = await portal.SignedInAsync("admin@b2bportal.example");

        var order = await QuickOrderUploadAsync(buyer, bomb);
        var prices = await PriceImportAsync(admin, await ListIdAsync("BASE-EUR"), bomb);

        Assert.Equal(HttpStatusCode.BadRequest, order.StatusCode);
        Assert.Contains("expands to 286.1 MB; the limit is 50 MB per part", WebUtility.HtmlDecode(await order.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, prices.StatusCode);
        Assert.Contains("expands to 286.1 MB; the limit is 50 MB per part", WebUtility.HtmlDecode(await prices.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cells_longer_than_their_field_are_refused_per_row_and_echoed_truncated()
    {
        var longSku = new string('X', 200_000);
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var admin = await portal.SignedInAsync("admin@b2bportal.example");

        var order = await QuickOrderUploadAsync(buyer, TestWorkbooks.WithRows(["SKU", "Quantity"], [longSku, "1"], ["ANC-000301", new string('9', 100_000)]));
        var prices = await PriceImportAsync(admin, await ListIdAsync("BASE-EUR"),
            TestWorkbooks.WithRows(["Sku", "UnitPrice", "UnitOfMeasure"], [longSku, "1"], ["ANC-000301", "1", new string('B', 100_000)], ["ANC-000301", "2", "=1+1"]));

        var orderHtml = WebUtility.HtmlDecode(await order.Content.ReadAsStringAsync());
        Assert.Contains($"Row 2, column SKU: SKU '{new string('X', 40)}…' is 200,000 characters long; a SKU has at most 40.", orderHtml, StringComparison.Ordinal);
        Assert.Contains($"Row 3, column Quantity: '{new string('9', 40)}…' is not a number above zero.", orderHtml, StringComparison.Ordinal);
        Assert.InRange(orderHtml.Length, 1, 100_000);

        var priceHtml = WebUtility.HtmlDecode(await prices.Content.ReadAsStringAsync());
        Assert.Matches(@"<td class=""text-end"">2</td><td>Sku</td><td>SKU 'X{40}…' is 200,000 characters long", priceHtml);
        Assert.Matches(@"<td class=""text-end"">3</td><td>UnitOfMeasure</td><td>A unit of measure is 1 to 10 letters or digits, such as PCS, BOX or KG \(got 'B{40}…'\)", priceHtml);
        Assert.Contains("<td class=\"text-end\">4</td><td>UnitOfMeasure</td><td>A unit of measure is 1 to 10 letters or digits, such as PCS, BOX or KG (got '=1+1').", priceHtml, StringComparison.Ordinal);
        Assert.InRange(priceHtml.Length, 1, 100_000);
    }

    private static async Task<HttpResponseMessage> QuickOrderUploadAsync(HttpClient client, byte[] content)
    {
        var page = await client.GetStringAsync("/Ordering/QuickOrder");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__RequestVerificationToken" },
            { Xlsx(content), "Upload", "order.xlsx" },
        };
        return await client.PostAsync("/Ordering/QuickOrder?handler=Upload", form);
    }

    private static async Task<HttpResponseMessage> PriceImportAsync(HttpClient client, int listId, byte[] content)
    {
        var page = await client.GetStringAsync($"/Pricing/Import/{listId}");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__RequestVerificationToken" },
            { new StringContent("AllOrNothing"), "Mode" },
            { Xlsx(content), "Upload", "prices.xlsx" },
        };
        return await client.PostAsync($"/Pricing/Import/{listId}", form);
    }

    private static ByteArrayContent Xlsx(byte[] content) => new(content)
    {
        Headers = { ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") },
    };

    private async Task<int> ListIdAsync(string code)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<PriceList>().Where(l => l.Code == code).Select(l => l.Id).SingleAsync();
    }

    private static string Token(string page) => WebUtility.HtmlDecode(TokenField().Match(page).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
