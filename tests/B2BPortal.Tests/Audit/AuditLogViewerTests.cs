using System.Net;
using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Spreadsheets;
using B2BPortal.Tests.BackOffice;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OfficeOpenXml;

namespace B2BPortal.Tests.Audit;

/// <summary>The audit log viewer: filters, before → after, paging, CSV/XLSX exports (formula-neutralised), and a buyer admin's view of his own company only.</summary>
public abstract class AuditLogViewerTests(PortalFactory portal)
{
    [Fact]
    public async Task Staff_filter_by_who_what_entity_and_date_and_see_before_and_after()
    {
        var marker = BackOfficeData.Unique("aud");
        var acme = await CompanyIdAsync("C10000");
        await AddAsync(
            new AuditEntry(Day(2026, 3, 10), "u-x", "Xavier " + marker, acme, "PriceList", marker, "Changed", "12.50 EUR", "13.10 EUR"),
            new AuditEntry(Day(2026, 3, 20), "u-y", "Yvonne " + marker, acme, "PriceList", marker, "Deleted", "13.10 EUR", null),
            new AuditEntry(Day(2026, 4, 2), "u-x", "Xavier " + marker, null, "User", marker, "RoleChanged", "Buyer", "BuyerAdmin"));
        var accountant = await portal.SignedInAsync("accountant@b2bportal.example");

        var byEntity = await accountant.GetStringAsync($"/Audit?entityId={marker}");
        Assert.Equal(3, Rows(byEntity));
        Assert.Contains("12.50 EUR", byEntity, StringComparison.Ordinal);
        Assert.Contains("13.10 EUR", byEntity, StringComparison.Ordinal);
        var table = byEntity[byEntity.IndexOf("data-testid=\"audit\"", StringComparison.Ordinal)..];
        Assert.True(table.IndexOf(">RoleChanged<", StringComparison.Ordinal) < table.IndexOf(">Deleted<", StringComparison.Ordinal), "newest first");

        Assert.Equal(2, Rows(await accountant.GetStringAsync($"/Audit?who=xavier%20{marker}")));
        Assert.Equal(1, Rows(await accountant.GetStringAsync($"/Audit?entityId={marker}&what=Deleted")));
        Assert.Equal(2, Rows(await accountant.GetStringAsync($"/Audit?entityId={marker}&entity=PriceList")));
        Assert.Equal(1, Rows(await accountant.GetStringAsync($"/Audit?entityId={marker}&from=2026-03-15&to=2026-03-31")));

        var none = await accountant.GetStringAsync($"/Audit?entityId={marker}&from=2025-01-01&to=2025-01-31");
        Assert.Contains("No change matches these filters", none, StringComparison.Ordinal);

        var backwards = await accountant.GetAsync($"/Audit?from=2026-03-31&to=2026-03-01");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("The end date is before the start date.", await backwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_log_pages_fifty_entries_at_a_time()
    {
        var marker = BackOfficeData.Unique("page");
        await AddAsync(Enumerable.Range(1, 55).Select(i => new AuditEntry(DateTimeOffset.UtcNow.AddMinutes(-i), "u", "Pager", null, "Paged", marker, "Changed", $"v{i}", $"v{i + 1}")).ToArray());
        var admin = await portal.SignedInAsync("admin@b2bportal.example");

        var first = await admin.GetStringAsync($"/Audit?entityId={marker}");
        Assert.Equal(AuditQuery.PageSize, Rows(first));
        Assert.Contains("data-testid=\"next\"", first, StringComparison.Ordinal);
        var second = await admin.GetStringAsync($"/Audit?entityId={marker}&p=2");
        Assert.Equal(5, Rows(second));
        Assert.DoesNotContain("data-testid=\"next\"", second, StringComparison.Ordinal);
        Assert.Contains(">v55<", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_buyer_admin_sees_and_exports_his_companys_entries_never_another_companys()
    {
        var marker = BackOfficeData.Unique("iso");
        await AddAsync(
            new AuditEntry(DateTimeOffset.UtcNow, "u-a", "Acme person", await CompanyIdAsync("C10000"), "Order", marker, "Approved", "PendingApproval", "Approved"),
            new AuditEntry(DateTimeOffset.UtcNow, "u-b", "Borealis person", await CompanyIdAsync("C20000"), "Order", marker, "Approved", "PendingApproval", "BOREALIS-SECRET"),
            new AuditEntry(DateTimeOffset.UtcNow, "u-s", "Staff person", null, "Order", marker, "Approved", "PendingApproval", "STAFF-ONLY"));
        var acmeAdmin = await portal.SignedInAsync("admin@acme.example");

        var page = await acmeAdmin.GetStringAsync($"/Audit?entityId={marker}");
        Assert.Equal(1, Rows(page));
        Assert.Contains("Acme person", page, StringComparison.Ordinal);
        Assert.DoesNotContain("BOREALIS-SECRET", page, StringComparison.Ordinal);
        Assert.DoesNotContain("STAFF-ONLY", page, StringComparison.Ordinal);

        // No filter value widens it: the company comes from the sign-in, not the request.
        var everything = await acmeAdmin.GetStringAsync("/Audit?companyId=" + await CompanyIdAsync("C20000"));
        Assert.DoesNotContain("Borealis person", everything, StringComparison.Ordinal);

        var csv = await acmeAdmin.GetStringAsync($"/Audit?handler=Export&format=csv&entityId={marker}");
        Assert.Contains("Acme person", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("BOREALIS-SECRET", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("STAFF-ONLY", csv, StringComparison.Ordinal);

        var xlsx = await acmeAdmin.GetByteArrayAsync($"/Audit?handler=Export&format=xlsx&entityId={marker}");
        SpreadsheetLicence.EnsureSet();
        using var package = new ExcelPackage(new MemoryStream(xlsx));
        var sheet = package.Workbook.Worksheets[0];
        Assert.Equal(2, sheet.Dimension.End.Row);
        Assert.Equal("Acme person", sheet.Cells[2, 2].Text);

        // And the accountant sees all three.
        var accountant = await portal.SignedInAsync("accountant@b2bportal.example");
        Assert.Equal(3, Rows(await accountant.GetStringAsync($"/Audit?entityId={marker}")));
    }

    [Fact]
    public async Task Exports_neutralise_formulas_in_csv_and_xlsx()
    {
        var marker = BackOfficeData.Unique("fx");
        await AddAsync(new AuditEntry(DateTimeOffset.UtcNow, "u", "=HYPERLINK(\"http://evil\")", null, "Formula", marker, "Changed", "+1+1", "@SUM(A1)"));
        var admin = await portal.SignedInAsync("admin@b2bportal.example");

        var csvResponse = await admin.GetAsync($"/Audit?handler=Export&format=csv&entityId={marker}");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var csv = await csvResponse.Content.ReadAsStringAsync();
        Assert.Contains("\"'=HYPERLINK(", csv, StringComparison.Ordinal);
        Assert.Contains("'+1+1", csv, StringComparison.Ordinal);
        Assert.Contains("'@SUM(A1)", csv, StringComparison.Ordinal);

        var xlsx = await admin.GetByteArrayAsync($"/Audit?handler=Export&format=xlsx&entityId={marker}");
        SpreadsheetLicence.EnsureSet();
        using var package = new ExcelPackage(new MemoryStream(xlsx));
        var sheet = package.Workbook.Worksheets[0];
        Assert.True(sheet.Cells[2, 2].Style.QuotePrefix);
        Assert.Empty(sheet.Cells[2, 2].Formula);
        Assert.Equal("+1+1", sheet.Cells[2, 7].Text);
        Assert.True(sheet.Cells[2, 7].Style.QuotePrefix);

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/Audit?handler=Export&format=pdf")).StatusCode);
    }

    private static int Rows(string html) => html.Split("data-testid=\"audit-row\"").Length - 1;

    private static DateTimeOffset Day(int y, int m, int d) => new(y, m, d, 12, 0, 0, TimeSpan.Zero);

    private Task<int> CompanyIdAsync(string number) =>
        BackOfficeData.WithDbAsync(portal, db => db.Companies.Where(c => c.ErpCustomerNumber == number).Select(c => c.Id).SingleAsync());

    private async Task AddAsync(params AuditEntry[] entries)
    {
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.AuditEntries.AddRange(entries);
        await db.SaveChangesAsync();
    }
}

[Collection(SharedSqlitePortal.Name)]
public sealed class AuditLogViewerTestsOnSqlite(SqlitePortal portal) : AuditLogViewerTests(portal);

[Collection(SharedPostgresPortal.Name)]
public sealed class AuditLogViewerTestsOnPostgres(PostgresPortal portal) : AuditLogViewerTests(portal);
