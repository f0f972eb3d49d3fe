using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Spreadsheets;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OfficeOpenXml;

namespace B2BPortal.Tests.Credit;

/// <summary>
/// The AR ageing page and its exports, the buyer's finance pages and the invoices/statement API through the real
/// Portal over the demo data, each provider its own portal (the invoices made here would change the shared demo
/// companies' credit).
/// </summary>
public abstract class ReceivablesWebTests<TPortal>(TPortal portal) where TPortal : PortalFactory
{
    private const string FormulaName = "=HYPERLINK(\"http://evil.example\",\"Click\")";
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task Accountants_see_ageing_per_company_linked_to_its_credit_account_sorted_as_asked()
    {
        var (acme, _, formula) = await SeedAsync();
        var accountant = await portal.SignedInAsync("accountant@b2bportal.example");

        var page = await accountant.GetStringAsync("/Credit/Ageing?sort=Total&desc=true");

        Assert.Contains("data-testid=\"as-of-explained\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Credit/Account/{acme}\"", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf($"data-company=\"{acme}\"", StringComparison.Ordinal) < page.IndexOf($"data-company=\"{formula}\"", StringComparison.Ordinal),
            "Acme owes more, so sorted by total descending it comes first");
        Assert.Contains("data-total=\"EUR\"", page, StringComparison.Ordinal);
        Assert.Contains("data-total=\"USD\"", page, StringComparison.Ordinal);

        // 130 days ago nothing of this test had been issued yet.
        var past = await accountant.GetStringAsync($"/Credit/Ageing?asOf={Today.AddDays(-130):yyyy-MM-dd}");
        Assert.DoesNotContain($"data-company=\"{acme}\"", past, StringComparison.Ordinal);

        var bad = await accountant.GetAsync("/Credit/Ageing?asOf=31.12.2026&currency=XYZ");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        Assert.Contains("'31.12.2026' is not a day", body, StringComparison.Ordinal);
        Assert.Contains("'XYZ' is not a currency code", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sales_rep_sees_the_ageing_of_his_own_customers_only()
    {
        var (acme, _, formula) = await SeedAsync();
        var rep = await portal.SignedInAsync("rep@b2bportal.example");
        var accountant = await portal.SignedInAsync("accountant@b2bportal.example");

        var own = await rep.GetStringAsync("/Credit/Ageing?rep=someone-else");
        var all = await accountant.GetStringAsync("/Credit/Ageing");
        var filtered = await accountant.GetStringAsync("/Credit/Ageing?rep=other-rep");

        Assert.Contains($"data-company=\"{acme}\"", own, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-company=\"{formula}\"", own, StringComparison.Ordinal);
        Assert.Contains($"data-company=\"{formula}\"", all, StringComparison.Ordinal);
        Assert.Contains($"data-company=\"{formula}\"", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-company=\"{acme}\"", filtered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ageing_exports_as_CSV_and_XLSX_with_its_figures_and_a_formula_looking_name_as_text()
    {
        await SeedAsync();
        var accountant = await portal.SignedInAsync("accountant@b2bportal.example");

        var csvResponse = await accountant.GetAsync("/Credit/Ageing?handler=Export&format=csv&currency=EUR");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var csv = await csvResponse.Content.ReadAsStringAsync();
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("Customer no.,Company,Sales rep,Currency,Invoices,Current,1–30 days,31–60 days,61–90 days,Over 90 days,Total", lines[1]);
        Assert.Contains("C10000,Acme Manufacturing GmbH,Sam Salesrep,EUR,3,100,40,0,0,200,340", lines);
        Assert.Contains(lines, l => l.StartsWith("C99001,\"'=HYPERLINK(", StringComparison.Ordinal));
        Assert.DoesNotContain("USD", csv, StringComparison.Ordinal);

        var xlsxResponse = await accountant.GetAsync("/Credit/Ageing?handler=Export&format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsxResponse.Content.Headers.ContentType?.MediaType);
        SpreadsheetLicence.EnsureSet();
        using var package = new ExcelPackage(new MemoryStream(await xlsxResponse.Content.ReadAsByteArrayAsync()));
        var sheet = package.Workbook.Worksheets[0];
        var rows = Enumerable.Range(1, sheet.Dimension.End.Row).ToDictionary(r => r, r => sheet.Cells[r, 2].Text);
        var acmeRow = rows.Single(r => r.Value == "Acme Manufacturing GmbH" && sheet.Cells[r.Key, 4].Text == "EUR").Key;
        Assert.Equal(340m, Convert.ToDecimal(sheet.Cells[acmeRow, 11].Value, CultureInfo.InvariantCulture));
        Assert.Equal(200m, Convert.ToDecimal(sheet.Cells[acmeRow, 10].Value, CultureInfo.InvariantCulture));
        var formulaRow = rows.Single(r => r.Value == FormulaName).Key;
        Assert.True(sheet.Cells[formulaRow, 2].Style.QuotePrefix);
        Assert.Empty(sheet.Cells[formulaRow, 2].Formula);
        Assert.Contains(rows, r => r.Value == "Total USD");

        Assert.Equal(HttpStatusCode.BadRequest, (await accountant.GetAsync("/Credit/Ageing?handler=Export&format=pdf")).StatusCode);
    }

    [Fact]
    public async Task A_buyer_sees_his_invoices_overdue_days_payments_and_available_credit_and_never_another_company_s()
    {
        await SeedAsync();
        var buyer = await portal.SignedInAsync("buyer@acme.example");

        var open = await buyer.GetStringAsync("/Credit/Invoices");
        var overdue = await buyer.GetStringAsync("/Credit/Invoices?show=Overdue");
        var paid = await buyer.GetStringAsync("/Credit/Invoices?show=Paid");

        Assert.Contains("data-invoice=\"WEB-A-CUR\"", open, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"available\"", open, StringComparison.Ordinal);
        Assert.Contains("WEB-PAY-1", open, StringComparison.Ordinal);
        Assert.Contains("Overdue 95 days", overdue, StringComparison.Ordinal);
        Assert.DoesNotContain("WEB-A-CUR", overdue, StringComparison.Ordinal);
        Assert.Contains("data-invoice=\"WEB-A-PAID\"", paid, StringComparison.Ordinal);
        foreach (var page in new[] { open, overdue, paid, await buyer.GetStringAsync("/Credit/Invoices?show=All") })
        {
            Assert.DoesNotContain("WEB-FORMULA", page, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await buyer.GetAsync("/Credit/Invoices?show=Everything")).StatusCode);
    }

    [Fact]
    public async Task A_buyer_s_statement_shows_opening_and_closing_balances_prints_and_downloads_as_XLSX()
    {
        await SeedAsync();
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var from = Today.AddDays(-60);
        var query = $"from={from:yyyy-MM-dd}&to={Today:yyyy-MM-dd}";

        var page = await buyer.GetStringAsync("/Credit/Statement?" + query);

        // Before the period: WEB-A-OLD (200) and WEB-A-PAID (50) issued, nothing paid; in it: 40 + 100 invoiced, 50 paid.
        Assert.Contains("<td colspan=\"5\">Opening balance</td><td class=\"text-end\">250.00</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td colspan=\"5\">Closing balance</td><td class=\"text-end\">340.00</td>", page, StringComparison.Ordinal);
        Assert.Contains("data-print", page, StringComparison.Ordinal);
        Assert.Contains("/js/statement.js", page, StringComparison.Ordinal);
        Assert.DoesNotContain("WEB-FORMULA", page, StringComparison.Ordinal);

        var xlsx = await buyer.GetAsync("/Credit/Statement?handler=Xlsx&" + query);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        SpreadsheetLicence.EnsureSet();
        using var package = new ExcelPackage(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var sheet = package.Workbook.Worksheets[0];
        var cells = Enumerable.Range(1, sheet.Dimension.End.Row).Where(r => sheet.Cells[r, 8].Text == "EUR")
            .Select(r => (Label: sheet.Cells[r, 2].Text, Balance: sheet.Cells[r, 7].Value)).ToList();
        Assert.Equal(250m, Convert.ToDecimal(cells.Single(c => c.Label == "Opening balance").Balance, CultureInfo.InvariantCulture));
        Assert.Equal(340m, Convert.ToDecimal(cells.Single(c => c.Label == "Closing balance").Balance, CultureInfo.InvariantCulture));

        var backwards = await buyer.GetAsync($"/Credit/Statement?from={Today:yyyy-MM-dd}&to={from:yyyy-MM-dd}");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("after it ends", WebUtility.HtmlDecode(await backwards.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await buyer.GetAsync("/Credit/Statement?handler=Xlsx&from=2020-01-01&to=2026-01-01")).StatusCode);
    }

    [Fact]
    public async Task An_accountant_sees_one_customer_s_invoices_payments_and_statement_as_its_buyers_do_and_downloads_it_as_XLSX()
    {
        var (acme, _, _) = await SeedAsync();
        var accountant = await portal.SignedInAsync("accountant@b2bportal.example");
        var from = Today.AddDays(-60);
        var query = $"from={from:yyyy-MM-dd}&to={Today:yyyy-MM-dd}";

        var account = await accountant.GetStringAsync($"/Credit/Account/{acme}");
        var open = await accountant.GetStringAsync($"/Credit/CustomerInvoices/{acme}");
        var overdue = await accountant.GetStringAsync($"/Credit/CustomerInvoices/{acme}?show=Overdue");
        var statement = await accountant.GetStringAsync($"/Credit/CustomerStatement/{acme}?{query}");

        // The credit account leads to both; the invoice filters and the XLSX link stay on this customer.
        Assert.Contains($"href=\"/Credit/CustomerInvoices/{acme}\"", account, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Credit/CustomerStatement/{acme}\"", account, StringComparison.Ordinal);
        Assert.Contains("Invoices and credit: Acme Manufacturing GmbH", open, StringComparison.Ordinal);
        Assert.Contains("data-invoice=\"WEB-A-CUR\"", open, StringComparison.Ordinal);
        Assert.Contains("WEB-PAY-1", open, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"available\"", open, StringComparison.Ordinal);
        Assert.Contains($"href=\"/Credit/CustomerInvoices/{acme}?show=Paid\"", open, StringComparison.Ordinal);
        Assert.Contains("Overdue 95 days", overdue, StringComparison.Ordinal);
        Assert.DoesNotContain("WEB-FORMULA", open + overdue + statement, StringComparison.Ordinal);
        Assert.Contains("<td colspan=\"5\">Opening balance</td><td class=\"text-end\">250.00</td>", statement, StringComparison.Ordinal);
        Assert.Contains("<td colspan=\"5\">Closing balance</td><td class=\"text-end\">340.00</td>", statement, StringComparison.Ordinal);
        Assert.Contains("data-print", statement, StringComparison.Ordinal);
        var link = System.Text.RegularExpressions.Regex.Match(statement, "<a[^>]*data-testid=\"statement-xlsx\"[^>]*>").Value;
        var download = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(link, "href=\"([^\"]*)\"").Groups[1].Value);
        Assert.True(download.StartsWith($"/Credit/CustomerStatement/{acme}?", StringComparison.Ordinal), link);
        Assert.Contains("handler=Xlsx", download, StringComparison.Ordinal);
        Assert.Contains($"from={from:yyyy-MM-dd}", download, StringComparison.Ordinal);

        var xlsx = await accountant.GetAsync(download);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal($"statement-C10000-{from:yyyy-MM-dd}-{Today:yyyy-MM-dd}.xlsx", xlsx.Content.Headers.ContentDisposition?.FileNameStar ?? xlsx.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        SpreadsheetLicence.EnsureSet();
        using (var package = new ExcelPackage(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync())))
        {
            var sheet = package.Workbook.Worksheets[0];
            Assert.StartsWith("Statement of account: Acme Manufacturing GmbH", sheet.Cells[1, 1].Text, StringComparison.Ordinal);
            var closing = Enumerable.Range(1, sheet.Dimension.End.Row).Single(r => sheet.Cells[r, 8].Text == "EUR" && sheet.Cells[r, 2].Text == "Closing balance");
            Assert.Equal(340m, Convert.ToDecimal(sheet.Cells[closing, 7].Value, CultureInfo.InvariantCulture));
        }

        // Bad input: an unknown company, a backwards period, an unreadable filter.
        Assert.Equal(HttpStatusCode.NotFound, (await accountant.GetAsync("/Credit/CustomerInvoices/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await accountant.GetAsync($"/Credit/CustomerStatement/999999?handler=Xlsx&{query}")).StatusCode);
        var backwards = await accountant.GetAsync($"/Credit/CustomerStatement/{acme}?from={Today:yyyy-MM-dd}&to={from:yyyy-MM-dd}");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("after it ends", WebUtility.HtmlDecode(await backwards.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await accountant.GetAsync($"/Credit/CustomerInvoices/{acme}?show=Everything")).StatusCode);
    }

    [Fact]
    public async Task The_API_lists_and_reads_the_caller_s_invoices_only_and_checks_the_statement_period()
    {
        await SeedAsync();
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await ReceivablesAccessRules.BorealisInvoiceAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
        }

        var api = await TokenClientAsync("buyer@acme.example");

        var all = await api.GetFromJsonAsync<JsonElement>("/api/v1/invoices?pageSize=100");
        var numbers = all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetString()).ToList();
        Assert.Contains("WEB-A-OLD", numbers);
        Assert.DoesNotContain(ReceivablesAccessRules.ForeignInvoice, numbers);
        Assert.DoesNotContain("WEB-FORMULA", numbers);
        var overdue = await api.GetFromJsonAsync<JsonElement>("/api/v1/invoices?status=Overdue");
        Assert.Equal(95, overdue.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("number").GetString() == "WEB-A-OLD").GetProperty("daysOverdue").GetInt32());

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/invoices/{ReceivablesAccessRules.ForeignInvoice}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/invoices/WEB-FORMULA")).StatusCode);
        var own = await api.GetFromJsonAsync<JsonElement>("/api/v1/invoices/WEB-A-PAID");
        Assert.Equal("WEB-PAY-1", own.GetProperty("payments")[0].GetProperty("documentNumber").GetString());

        var statement = await api.GetFromJsonAsync<JsonElement>($"/api/v1/statement?from={Today.AddDays(-60):yyyy-MM-dd}&to={Today:yyyy-MM-dd}");
        var eur = statement.GetProperty("accounts").EnumerateArray().Single(a => a.GetProperty("currency").GetString() == "EUR");
        Assert.Equal((250m, 340m), (eur.GetProperty("openingBalance").GetDecimal(), eur.GetProperty("closingBalance").GetDecimal()));

        foreach (var (query, field) in new[]
        {
            ("from=2026-02-01&to=2026-01-01", "from"),
            ("from=2020-01-01&to=2026-01-01", "to"),
            ("from=yesterday&to=2026-01-01", "from"),
            ("from=2026-01-01", "to"),
        })
        {
            var response = await api.GetAsync("/api/v1/statement?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{query}: {problem}");
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/invoices?status=Unknown")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.GetAsync("/api/v1/invoices?pageSize=1000")).StatusCode);
        var openApi = await portal.Anonymous().GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"/api/v1/invoices\"", openApi, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/invoices/{number}\"", openApi, StringComparison.Ordinal);
        Assert.Contains("\"/api/v1/statement\"", openApi, StringComparison.Ordinal);
    }

    private async Task<HttpClient> TokenClientAsync(string email)
    {
        var client = portal.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await portal.IssueApiTokenAsync(email));
        return client;
    }

    /// <summary>
    /// Once per portal: Acme owes EUR 100 not yet due, 40 due 10 days ago, 200 due 95 days ago, and USD 7; it paid a
    /// 50 invoice. A company with a formula for a name, owned by another rep, owes EUR 5.
    /// </summary>
    private async Task<(int Acme, int Borealis, int Formula)> SeedAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var acme = await db.Companies.SingleAsync(c => c.ErpCustomerNumber == "C10000");
        var borealis = await db.Companies.SingleAsync(c => c.ErpCustomerNumber == "C20000");
        var formula = await db.Companies.SingleOrDefaultAsync(c => c.ErpCustomerNumber == "C99001");
        if (formula is null)
        {
            formula = new CustomerCompany("C99001", FormulaName, "EUR");
            formula.AssignSalesRep("other-rep");
            db.Companies.Add(formula);
            await db.SaveChangesAsync();
            var now = DateTimeOffset.UtcNow;
            db.Invoices.AddRange(
                ReceivablesTests.NewInvoice(acme.Id, "WEB-A-CUR", Today.AddDays(-5), Today.AddDays(25), 100m, "EUR", null, now),
                ReceivablesTests.NewInvoice(acme.Id, "WEB-A-LATE", Today.AddDays(-40), Today.AddDays(-10), 40m, "EUR", null, now),
                ReceivablesTests.NewInvoice(acme.Id, "WEB-A-OLD", Today.AddDays(-125), Today.AddDays(-95), 200m, "EUR", null, now),
                ReceivablesTests.NewInvoice(acme.Id, "WEB-A-PAID", Today.AddDays(-90), Today.AddDays(-60), 0m, "EUR", 50m, now),
                ReceivablesTests.NewInvoice(acme.Id, "WEB-A-USD", Today.AddDays(-90), Today.AddDays(20), 7m, "USD", null, now),
                ReceivablesTests.NewInvoice(formula.Id, "WEB-FORMULA", Today.AddDays(-3), Today.AddDays(27), 5m, "EUR", null, now));
            var payment = new CustomerPayment("erp-WEB-PAY-1", acme.Id);
            payment.ApplyErp(acme.Id, Today.AddDays(-30), "WEB-PAY-1", Money.Of(50m, "EUR"), "WEB-A-PAID", null, now);
            db.CustomerPayments.Add(payment);
            await db.SaveChangesAsync();
        }

        return (acme.Id, borealis.Id, formula.Id);
    }
}

public sealed class ReceivablesWebTestsOnSqlite(SqlitePortal portal) : ReceivablesWebTests<SqlitePortal>(portal), IClassFixture<SqlitePortal>;

public sealed class ReceivablesWebTestsOnPostgres(PostgresPortal portal) : ReceivablesWebTests<PostgresPortal>(portal), IClassFixture<PostgresPortal>;
