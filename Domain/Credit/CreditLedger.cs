using System.Globalization;
using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Persistence;

namespace B2BPortal.Domain.Credit;

/// <summary>Writes a credit account's pending changes to the audit trail, in the caller's SaveChanges: every caller gets it.</summary>
public static class CreditLedger
{
    public const string EntityType = "CreditAccount";

    public static void Record(PortalDbContext db, CreditAccount account)
    {
        foreach (var c in account.TakeChanges())
        {
            db.AuditEntries.Add(new AuditEntry(c.At, c.ActorId, c.ActorName, account.CompanyId, EntityType,
                account.CompanyId.ToString(CultureInfo.InvariantCulture), c.Action, c.Before, c.After));
        }
    }
}
