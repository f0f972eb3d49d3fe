using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Settlements;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Settlements;

/// <summary>The accountant's import form and statement pages, through the real portal.</summary>
[Collection(SharedSqlitePortal.Name)]
public sealed partial class SettlementsWebTests(SqlitePortal portal)
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Settlements", "Files", name));

    [Fact]
    public async Task An_accountant_imports_a_statement_sees_it_listed_and_a_second_upload_adds_nothing()
    {
        var accountant = await portal.SignedInAsync("accountant@b2bportal.example");
        const string file = "viafintech-053-valid_example.xml";

        var first = await UploadAsync(accountant, file, Fixture(file));
        var html = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("Imported 1 statement(s) with 5 payment(s) from 'viafintech-053-valid_example.xml'.", html, StringComparison.Ordinal);

        var again = WebUtility.HtmlDecode(await (await UploadAsync(accountant, file, Fixture(file))).Content.ReadAsStringAsync());
        Assert.Contains("Nothing was added from 'viafintech-053-valid_example.xml'.", again, StringComparison.Ordinal);
        Assert.Contains("This file was imported already", again, StringComparison.Ordinal);

        var list = WebUtility.HtmlDecode(await accountant.GetStringAsync("/Settlements"));
        Assert.Contains("data-statement=\"0352C5320131227220503\"", list, StringComparison.Ordinal);

        int id;
        using (var scope = portal.Services.CreateScope())
        {
            id = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().BankStatements().Where(s => s.StatementId == "0352C5320131227220503").Select(s => s.Id).SingleAsync();
        }

        var detail = WebUtility.HtmlDecode(await accountant.GetStringAsync($"/Settlements/Statement/{id}"));
        Assert.Contains("Testkonto Nummer 2", detail, StringComparison.Ordinal);
        Assert.Contains("DE09300606010012345671", detail, StringComparison.Ordinal);
        Assert.Contains("batch of 2", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_statement_that_does_not_add_up_is_shown_with_its_difference()
    {
        var accountant = await portal.SignedInAsync("accountant@b2bportal.example");

        var response = await UploadAsync(accountant, "v8.xml", Fixture("viafintech-valid_example_v8.xml"));

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Statement 'R30B4SA880HMZ9XA': Does not add up", html, StringComparison.Ordinal);
        var list = WebUtility.HtmlDecode(await accountant.GetStringAsync("/Settlements"));
        Assert.Matches("data-statement=\"R30B4SA880HMZ9XA\"[\\s\\S]*off by", list);
    }

    [Theory]
    [InlineData("statement.csv", "not an .xml file")]
    [InlineData("statement.xml", "does not hold XML text")]
    public async Task A_file_of_the_wrong_type_is_refused_before_it_is_read(string name, string expected)
    {
        var accountant = await portal.SignedInAsync("accountant@b2bportal.example");

        var response = await UploadAsync(accountant, name, [0x50, 0x4B, 0x03, 0x04, 0, 0, 1, 2]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_statement_names_the_file_and_entry_and_stores_nothing()
    {
        var accountant = await portal.SignedInAsync("accountant@b2bportal.example");
        var xml = System.Text.Encoding.UTF8.GetString(Fixture("newinnovations-test-camt053.xml"))
            .Replace("<Id>0000000000</Id>", "<Id>WEB-NEGATIVE</Id>", StringComparison.Ordinal)
            .Replace("<Amt Ccy=\"EUR\">100.00</Amt>", "<Amt Ccy=\"EUR\">-100.00</Amt>", StringComparison.Ordinal);

        var response = await UploadAsync(accountant, "negative.xml", System.Text.Encoding.UTF8.GetBytes(xml));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'negative.xml', statement 'WEB-NEGATIVE', entry 1 (REF001) has a negative amount", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        using var scope = portal.Services.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<PortalDbContext>().BankStatements().AnyAsync(s => s.StatementId == "WEB-NEGATIVE"));
    }

    [Fact]
    public async Task A_buyer_cannot_reach_the_bank_statements()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var response = await buyer.GetAsync("/Settlements/Import");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string name, byte[] content)
    {
        var page = await client.GetStringAsync("/Settlements/Import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(content) { Headers = { ContentType = new MediaTypeHeaderValue("application/xml") } }, "Upload", name },
        };
        return await client.PostAsync("/Settlements/Import", form);
    }

    private static string Token(string page) => WebUtility.HtmlDecode(TokenField().Match(page).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
