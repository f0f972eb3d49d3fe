using System.Globalization;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Persistence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Pages.Credit;

/// <summary>
/// For accountants (PagePolicies: Accountant): one customer company's statement of account for a period, the same
/// statement its buyers see, printable and downloadable as XLSX; reached from the company's credit account.
/// </summary>
public sealed class CustomerStatementModel(PortalDbContext db, TimeProvider clock) : StatementPageModel(db, clock)
{
    [BindProperty(SupportsGet = true)]
    public int CompanyId { get; set; }

    public string? CustomerNumber { get; private set; }

    protected override async Task<int?> CompanyAsync(CancellationToken ct)
    {
        var company = await Db.Companies.Where(c => c.Id == CompanyId).Select(c => new { c.ErpCustomerNumber }).SingleOrDefaultAsync(ct);
        CustomerNumber = company?.ErpCustomerNumber;
        return company is null ? null : CompanyId;
    }

    protected override string FileName(CustomerStatement statement) =>
        string.Create(CultureInfo.InvariantCulture, $"statement-{Safe(CustomerNumber)}-{statement.From:yyyy-MM-dd}-{statement.To:yyyy-MM-dd}.xlsx");

    /// <summary>The ERP's customer number in a file name: letters, digits, dash and underscore only.</summary>
    private static string Safe(string? number) =>
        new((number ?? "customer").Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').DefaultIfEmpty('x').ToArray());
}
