using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using B2BPortal.Tests.Fixtures;

namespace B2BPortal.Tests.Ordering;

/// <summary>
/// The quick-order result's actions on a kept check: "use all suggested quantities" without sending the file again,
/// the rejected lines as a CSV the upload reads back (formulas neutralised, the reason per line), the answer the
/// progress script gets, and a check that is not the caller's answering 404. Demo data: at Acme HEX-000001 has a
/// minimum of 100, HEX-000006 and MAC-000061 order as they are.
/// </summary>
public abstract partial class QuickOrderCheckWebTests<TPortal>(TPortal portal) where TPortal : PortalFactory
{
    private const string Upload = "SKU;Quantity\nHEX-000006;20\nHEX-000001;7\nNOPE-424242;5\n@SUM(A1);1\nMAC-000061;x\n-NOPE-1;3\n";

    [Fact]
    public async Task Suggested_quantities_are_taken_in_one_click_and_the_rejected_lines_download_in_the_upload_format()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");

        var first = await UploadAsync(buyer, Upload, "order.csv");
        var html = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("1 ready to add", html, StringComparison.Ordinal);
        Assert.Contains("1 quantity rule", html, StringComparison.Ordinal);
        Assert.Contains("Use all 1 suggested quantities", html, StringComparison.Ordinal);
        Assert.Contains("Download the 5 rejected lines (CSV)", html, StringComparison.Ordinal);
        var import = ImportId(html);

        var csv = await RejectedAsync(buyer, import);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("SKU,Quantity,Suggested quantity,Problem", lines[0]);
        Assert.Equal(6, lines.Count);
        Assert.StartsWith("HEX-000001,7,100,\"Row 3, column Quantity:", lines[1], StringComparison.Ordinal);
        Assert.Contains("The minimum order quantity is 100.", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("NOPE-424242,5,,", lines[2], StringComparison.Ordinal);
        Assert.Contains("no product NOPE-424242 in your catalog", lines[2], StringComparison.Ordinal);
        // A cell that starts like a formula is written as text ('@…), never as it came.
        Assert.StartsWith("'@SUM(A1),1,,", lines[3], StringComparison.Ordinal);
        // A quantity that is no number comes back as typed, to be fixed.
        Assert.StartsWith("MAC-000061,x,,", lines[4], StringComparison.Ordinal);
        Assert.StartsWith("'-NOPE-1,3,,", lines[5], StringComparison.Ordinal);
        Assert.DoesNotContain("HEX-000006", csv, StringComparison.Ordinal);

        // One click: the kept rows are checked again with the suggested quantity; nothing is uploaded again.
        var use = await PortalFactory.PostFormAsync(buyer, "/Ordering/QuickOrder?handler=UseSuggested",
            new Dictionary<string, string> { ["import"] = import }, $"/Ordering/QuickOrder?import={import}");
        Assert.Equal(HttpStatusCode.Redirect, use.StatusCode);
        Assert.Equal($"/Ordering/QuickOrder?import={import}", use.Headers.Location!.OriginalString);
        var after = WebUtility.HtmlDecode(await buyer.GetStringAsync(use.Headers.Location.OriginalString));
        Assert.Contains("2 ready to add", after, StringComparison.Ordinal);
        Assert.Contains("0 quantity rule", after, StringComparison.Ordinal);
        Assert.Contains("quantity 7 changed to 100", after, StringComparison.Ordinal);
        Assert.DoesNotContain("suggested quantities</button>", after, StringComparison.Ordinal);
        // PostgreSQL's numeric keeps the column's scale (100.0000); the quantity is the same.
        Assert.Matches("(^|\n)HEX-000001\t100(\\.0+)?\n", Accepted(after));
        Assert.Contains("Download the 4 rejected lines (CSV)", after, StringComparison.Ordinal);
        Assert.DoesNotContain("HEX-000001", await RejectedAsync(buyer, import), StringComparison.Ordinal);

        // The downloaded file goes straight back into the upload: the same rows, the same reasons ('-NOPE-1 reads as -NOPE-1).
        var again = WebUtility.HtmlDecode(await (await UploadAsync(buyer, csv, "quick-order-rejected-lines.csv")).Content.ReadAsStringAsync());
        Assert.Contains("0 ready to add", again, StringComparison.Ordinal);
        Assert.Contains("1 quantity rule", again, StringComparison.Ordinal);
        Assert.Contains("2 not in your catalog", again, StringComparison.Ordinal);
        Assert.Contains("2 invalid", again, StringComparison.Ordinal);
        Assert.Contains("no product -NOPE-1 in your catalog", again, StringComparison.Ordinal);
        Assert.Contains("SKU '@SUM(A1)' contains '@'", again, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pasted_lines_are_kept_too_and_come_back_in_the_text_box()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var html = WebUtility.HtmlDecode(await (await PortalFactory.PostFormAsync(buyer, "/Ordering/QuickOrder?handler=Check",
            new Dictionary<string, string> { ["Lines"] = "HEX-000001\t7\nMAC-000061\t30" }, "/Ordering/QuickOrder")).Content.ReadAsStringAsync());
        var import = ImportId(html);

        await PortalFactory.PostFormAsync(buyer, "/Ordering/QuickOrder?handler=UseSuggested", new Dictionary<string, string> { ["import"] = import }, "/Ordering/QuickOrder");
        var after = WebUtility.HtmlDecode(await buyer.GetStringAsync($"/Ordering/QuickOrder?import={import}"));

        Assert.Contains("2 ready to add", after, StringComparison.Ordinal);
        Assert.Contains("Checked 2 lines from typed or pasted lines", after, StringComparison.Ordinal);
        Assert.Matches("<textarea[^>]*>\\s*HEX-000001\t7\nMAC-000061\t30</textarea>", after);
        Assert.DoesNotContain("data-testid=\"download-rejected\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_progress_script_gets_where_the_kept_check_is_instead_of_the_page()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");

        var response = await UploadAsync(buyer, Upload, "order.csv", xhr: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var location = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("location").GetString();
        Assert.Matches("^/Ordering/QuickOrder\\?import=[0-9a-f-]{36}$", location);
        var page = WebUtility.HtmlDecode(await buyer.GetStringAsync(location));
        Assert.Contains("Checked 6 lines from order.csv", page, StringComparison.Ordinal);
        Assert.Contains("1 quantity rule", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_is_its_buyers_alone_another_user_of_the_same_company_gets_404()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var import = ImportId(WebUtility.HtmlDecode(await (await UploadAsync(buyer, Upload, "order.csv")).Content.ReadAsStringAsync()));
        var colleague = await portal.SignedInAsync("admin@acme.example");
        var other = await portal.SignedInAsync("buyer@borealis.example");

        foreach (var client in new[] { colleague, other })
        {
            var page = await client.GetAsync($"/Ordering/QuickOrder?import={import}");
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
            Assert.Contains("no longer kept", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            Assert.DoesNotContain("HEX-000001", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/Ordering/QuickOrder?handler=Rejected&import={import}")).StatusCode);
            var use = await PortalFactory.PostFormAsync(client, "/Ordering/QuickOrder?handler=UseSuggested", new Dictionary<string, string> { ["import"] = import }, "/Ordering/QuickOrder");
            Assert.Equal(HttpStatusCode.NotFound, use.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await buyer.GetAsync($"/Ordering/QuickOrder?handler=Rejected&import={Guid.NewGuid()}")).StatusCode);
        Assert.Contains("1 quantity rule", await buyer.GetStringAsync($"/Ordering/QuickOrder?import={import}"), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string csv, string fileName, bool xhr = false)
    {
        var page = await client.GetStringAsync("/Ordering/QuickOrder");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Ordering/QuickOrder?handler=Upload")
        {
            Content = new MultipartFormDataContent
            {
                { new StringContent(Hidden(page, "__RequestVerificationToken")), "__RequestVerificationToken" },
                { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "Upload", fileName },
            },
        };
        if (xhr)
        {
            request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        }

        return await client.SendAsync(request);
    }

    private static async Task<string> RejectedAsync(HttpClient client, string import)
    {
        var response = await client.GetAsync($"/Ordering/QuickOrder?handler=Rejected&import={import}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("quick-order-rejected-lines.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        return await response.Content.ReadAsStringAsync();
    }

    private static string ImportId(string html) =>
        ImportField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("The result offers no action on a kept check.");

    private static string Accepted(string html) => Hidden(html, "Accepted");

    private static string Hidden(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"|value=\"([^\"]*)\"[^>]*name=\"{Regex.Escape(name)}\"") is { Success: true } m
            ? (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            : throw new InvalidOperationException($"No field {name} in the page."));

    [GeneratedRegex("(?:import=|name=\"import\" value=\")([0-9a-f-]{36})")]
    private static partial Regex ImportField();
}

[Collection(SharedSqlitePortal.Name)]
public sealed class QuickOrderCheckWebTestsOnSqlite(SqlitePortal portal) : QuickOrderCheckWebTests<SqlitePortal>(portal);

[Collection(SharedPostgresPortal.Name)]
public sealed class QuickOrderCheckWebTestsOnPostgres(PostgresPortal portal) : QuickOrderCheckWebTests<PostgresPortal>(portal);
