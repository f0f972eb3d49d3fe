using System.ComponentModel.DataAnnotations;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Credit;

/// <summary>Settings of credit control (configuration section <c>Credit</c>; README: Configuration).</summary>
public sealed class CreditOptions
{
    public const string Section = "Credit";

    /// <summary>Whether orders waiting for the buyer's own approval count towards exposure.</summary>
    public bool CountPendingApproval { get; set; } = true;

    /// <summary>ERP payment terms codes that mean prepaid, comma-separated (Business Central expresses prepaid by code).</summary>
    public string PrepaidTermsCodes { get; set; } = "PREPAID";

    /// <summary>Policy of a new credit account: Soft (hold for review) or Hard (refuse).</summary>
    public CreditPolicy DefaultPolicy { get; set; } = CreditPolicy.Soft;

    [Range(0, CreditAccount.MaxGraceDays)]
    public int DefaultGraceDays { get; set; } = 5;

    /// <summary>Days before its due date an invoice is reminded of (once).</summary>
    [Range(0, 90)]
    public int InvoiceDueReminderDays { get; set; } = 7;

    public IReadOnlyList<string> PrepaidCodes => PrepaidTermsCodes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// A company's credit as of now, explained: the limit that applies (and the ERP's beside an override), the terms,
/// the exposure part by part, the overdue invoices past grace, and what is left.
/// </summary>
public sealed record CreditStanding(
    int CompanyId,
    string Currency,
    CreditAccountState State,
    CreditHoldReason? HoldReason,
    CreditPolicy Policy,
    int GraceDays,
    Money? Limit,
    Money? ErpLimit,
    PaymentTerms Terms,
    CreditExposure Exposure,
    IReadOnlyList<OverdueInvoice> OverduePastGrace)
{
    /// <summary>Whether <see cref="CreditExposure.OrdersPendingApproval"/> counts (Credit:CountPendingApproval); pages show that line only then.</summary>
    public bool CountsPendingApproval { get; init; }

    /// <summary>Null when no limit applies.</summary>
    public Money? Available => Limit is { } l ? l - Exposure.Total : null;

    public string Figures(Money order) =>
        Limit is { } limit
            ? $"credit limit {limit}; exposure {Exposure.Total} ({Exposure.Explain()}); this order {order}; over by {Exposure.Total + order - limit}"
            : $"exposure {Exposure.Total} ({Exposure.Explain()}); this order {order}";
}

public static class CreditSets
{
    public static DbSet<CreditAccount> CreditAccounts(this PortalDbContext db) => db.Set<CreditAccount>();

    /// <summary>The company's credit account, tracked; a company the ERP sync has not given one yet gets it now with the default policy.</summary>
    public static async Task<CreditAccount> CreditAccountForAsync(this PortalDbContext db, int companyId, CreditOptions options, CancellationToken ct)
    {
        var account = await db.CreditAccounts().SingleOrDefaultAsync(a => a.CompanyId == companyId, ct);
        if (account is null)
        {
            var currency = await db.Companies.Where(c => c.Id == companyId).Select(c => c.Currency).SingleAsync(ct);
            account = new CreditAccount(companyId, currency, options.DefaultPolicy, options.DefaultGraceDays);
            db.CreditAccounts().Add(account);
        }

        return account;
    }

    /// <summary>Reads the standing of a company whose account is given (tracked or not) — the one read every credit screen and the check use.</summary>
    public static async Task<CreditStanding> StandingAsync(this PortalDbContext db, CreditAccount account, CreditOptions options, DateOnly today, string? excludeOrderNumber, CancellationToken ct)
    {
        var erp = await db.CreditTerms.AsNoTracking().SingleOrDefaultAsync(t => t.CompanyId == account.CompanyId, ct);
        var exposure = await db.ExposureAsync(account.CompanyId, account.Currency, options.CountPendingApproval, excludeOrderNumber, ct);
        var overdue = await db.OverdueAsync(account.CompanyId, today, account.GraceDays, 20, ct);
        return new CreditStanding(account.CompanyId, account.Currency, account.State, account.HoldReason, account.Policy, account.GraceDays,
            account.EffectiveLimit(erp), erp is { CreditLimit.Amount: > 0 } ? erp.CreditLimit : null,
            account.EffectiveTerms(erp, options.PrepaidCodes), exposure, overdue)
        {
            CountsPendingApproval = options.CountPendingApproval,
        };
    }

    /// <summary>The standing of a company for a read-only page, without creating its account.</summary>
    public static async Task<CreditStanding> StandingAsync(this PortalDbContext db, int companyId, CreditOptions options, DateOnly today, CancellationToken ct)
    {
        var account = await db.CreditAccounts().AsNoTracking().SingleOrDefaultAsync(a => a.CompanyId == companyId, ct);
        if (account is null)
        {
            var currency = await db.Companies.Where(c => c.Id == companyId).Select(c => c.Currency).SingleAsync(ct);
            account = new CreditAccount(companyId, currency, options.DefaultPolicy, options.DefaultGraceDays);
        }

        return await db.StandingAsync(account, options, today, null, ct);
    }

    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
}
