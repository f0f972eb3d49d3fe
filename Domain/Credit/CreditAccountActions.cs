using B2BPortal.Domain.Common;
using B2BPortal.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace B2BPortal.Domain.Credit;

/// <summary>What accountants and administrators do to a credit account: override, policy, hold/release/suspend/reinstate/close.</summary>
public sealed class CreditAccountActions(PortalDbContext db, TimeProvider clock, IOptions<CreditOptions> options)
{
    public Task SetOverrideAsync(Actor actor, int companyId, decimal? limit, string? terms, string reason, CancellationToken ct) =>
        ChangeAsync(companyId, a => a.SetOverride(actor, clock.GetUtcNow(), limit, terms, reason), ct);

    public Task RemoveOverrideAsync(Actor actor, int companyId, string reason, CancellationToken ct) =>
        ChangeAsync(companyId, a => a.RemoveOverride(actor, clock.GetUtcNow(), reason), ct);

    public Task SetPolicyAsync(Actor actor, int companyId, CreditPolicy policy, int graceDays, string? reason, CancellationToken ct) =>
        ChangeAsync(companyId, a => a.SetPolicy(actor, clock.GetUtcNow(), policy, graceDays, reason), ct);

    public Task FireAsync(Actor actor, int companyId, CreditAccountTrigger trigger, string? reason, CancellationToken ct) =>
        ChangeAsync(companyId, a =>
        {
            var now = clock.GetUtcNow();
            switch (trigger)
            {
                case CreditAccountTrigger.Hold:
                    a.Hold(actor, now, CreditHoldReason.Manual, reason);
                    break;
                case CreditAccountTrigger.Release:
                    a.Release(actor, now, reason);
                    break;
                case CreditAccountTrigger.Suspend:
                    a.Suspend(actor, now, reason);
                    break;
                case CreditAccountTrigger.Reinstate:
                    a.Reinstate(actor, now, reason);
                    break;
                default:
                    a.Close(actor, now, reason);
                    break;
            }
        }, ct);

    private async Task ChangeAsync(int companyId, Action<CreditAccount> change, CancellationToken ct)
    {
        if (!await db.Companies.AnyAsync(c => c.Id == companyId, ct))
        {
            throw new DomainException("No such customer company.");
        }

        var account = await db.CreditAccountForAsync(companyId, options.Value, ct);
        change(account);
        CreditLedger.Record(db, account);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            db.ChangeTracker.Clear();
            throw new DomainException("The credit account was changed at the same moment (by someone else or an order's credit check); reload it and try again.", ex);
        }
    }
}
