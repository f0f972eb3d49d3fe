using System.Globalization;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using Stateless;

namespace B2BPortal.Domain.Credit;

public enum CreditPolicy
{
    /// <summary>An order over the limit is placed and waits in credit hold for an accountant.</summary>
    Soft,

    /// <summary>An order over the limit is refused before anything is saved.</summary>
    Hard,
}

/// <summary>
/// A customer company's credit account: what the portal owns about its credit (state, policy, grace days, the
/// accountant's override of the ERP's limit and terms) beside <see cref="CreditTerms"/>, the ERP's own figures.
/// Its <see cref="State"/> is the storage of <see cref="CreditAccountWorkflow"/>; every change is kept as a
/// <see cref="CreditChange"/> that the caller writes to the audit trail in the same SaveChanges. <see cref="Version"/>
/// is bumped by every credit check, so two orders checked against the same exposure cannot both be saved.
/// </summary>
public class CreditAccount
{
    public const int ReasonMaxLength = 500;
    public const int MaxGraceDays = 365;

    private readonly List<CreditChange> _changes = [];
    private StateMachine<CreditAccountState, CreditAccountTrigger>? _machine;

    private CreditAccount() { }

    public CreditAccount(int companyId, string currency, CreditPolicy policy, int graceDays)
    {
        CompanyId = companyId;
        Currency = CurrencyCode.Normalize(currency);
        State = CreditAccountState.Active;
        Policy = policy;
        GraceDays = CheckGrace(graceDays);
    }

    public int CompanyId { get; private set; }

    public string Currency { get; private set; } = string.Empty;

    public CreditAccountState State { get; private set; }

    public CreditHoldReason? HoldReason { get; private set; }

    public string? StateNote { get; private set; }

    public CreditPolicy Policy { get; private set; }

    /// <summary>Days past its due date before an unpaid invoice holds new orders.</summary>
    public int GraceDays { get; private set; }

    /// <summary>The accountant's limit, in <see cref="Currency"/>, in place of the ERP's; null: the ERP's applies.</summary>
    public decimal? LimitOverride { get; private set; }

    /// <summary>The accountant's terms (a due-date formula or PREPAID) in place of the ERP's; null: the ERP's apply.</summary>
    public string? TermsOverride { get; private set; }

    public string? OverrideReason { get; private set; }

    public string? OverrideByName { get; private set; }

    public DateTimeOffset? OverrideAt { get; private set; }

    public DateTimeOffset? LastCheckedAt { get; private set; }

    public int Version { get; private set; }

    public bool HasOverride => LimitOverride is not null || TermsOverride is not null;

    private StateMachine<CreditAccountState, CreditAccountTrigger> Machine => _machine ??= CreditAccountWorkflow.Build(() => State, s => State = s);

    /// <summary>
    /// The limit that applies: the override, else the ERP's. Business Central's credit limit 0 means "no limit checked",
    /// so an ERP limit of 0 (or no ERP figures at all) is null: no limit. An override of 0 is a real zero.
    /// </summary>
    public Money? EffectiveLimit(CreditTerms? erp) =>
        LimitOverride is { } limit ? Money.Of(limit, Currency)
        : erp is { CreditLimit.Amount: > 0 } ? erp.CreditLimit
        : null;

    public PaymentTerms EffectiveTerms(CreditTerms? erp, IEnumerable<string> prepaidCodes) =>
        TermsOverride is { } terms ? PaymentTerms.FromOverride(terms)
        : erp is null ? PaymentTerms.DueOnReceiptTerms
        : PaymentTerms.From(erp.PaymentTermsCode, erp.DueDateCalculation, prepaidCodes);

    public IReadOnlyList<CreditAccountTrigger> ActionsFor(Actor actor) =>
        Enum.GetValues<CreditAccountTrigger>().Where(t => Machine.CanFire(t) && CreditAccountWorkflow.MayFire(t, actor, HoldReason ?? CreditHoldReason.Manual)).ToList();

    public void Hold(Actor by, DateTimeOffset at, CreditHoldReason reason, string? note)
    {
        Fire(CreditAccountTrigger.Hold, by, at, reason, note);
        HoldReason = reason;
    }

    public void Release(Actor by, DateTimeOffset at, string? note)
    {
        Fire(CreditAccountTrigger.Release, by, at, HoldReason, note);
        HoldReason = null;
    }

    public void Suspend(Actor by, DateTimeOffset at, string? note)
    {
        Fire(CreditAccountTrigger.Suspend, by, at, null, note);
        HoldReason = null;
    }

    public void Reinstate(Actor by, DateTimeOffset at, string? note) => Fire(CreditAccountTrigger.Reinstate, by, at, null, note);

    public void Close(Actor by, DateTimeOffset at, string? note)
    {
        Fire(CreditAccountTrigger.Close, by, at, null, note);
        HoldReason = null;
    }

    public bool CanFire(CreditAccountTrigger trigger) => Machine.CanFire(trigger);

    public void SetPolicy(Actor by, DateTimeOffset at, CreditPolicy policy, int graceDays, string? reason)
    {
        RequireAccountant(by);
        graceDays = CheckGrace(graceDays);
        if (policy == Policy && graceDays == GraceDays)
        {
            return;
        }

        var before = DescribePolicy();
        (Policy, GraceDays) = (policy, graceDays);
        Record(by, at, "CreditAccount.PolicyChanged", before, DescribePolicy(), Optional(reason));
    }

    /// <summary>The accountant's override of the ERP's limit and/or terms; a reason is required and kept.</summary>
    public void SetOverride(Actor by, DateTimeOffset at, decimal? limit, string? terms, string reason)
    {
        RequireAccountant(by);
        var why = Required(reason);
        if (limit is null && string.IsNullOrWhiteSpace(terms))
        {
            throw new DomainException("Give a limit, terms or both to override the ERP's.", "Limit");
        }

        if (limit is < 0)
        {
            throw new DomainException($"A credit limit cannot be negative ({Money.Of(limit.Value, Currency)}).", "Limit");
        }

        if (limit is > 1_000_000_000_000m)
        {
            throw new DomainException("A credit limit above one trillion is not a limit; check the figure.", "Limit");
        }

        string? normalisedTerms = null;
        if (!string.IsNullOrWhiteSpace(terms))
        {
            var parsed = PaymentTerms.FromOverride(terms);
            normalisedTerms = parsed.IsPrepaid ? PaymentTerms.PrepaidKeyword : parsed.Formula.Text;
        }

        var before = DescribeOverride();
        LimitOverride = limit is null ? null : decimal.Round(limit.Value, 2);
        TermsOverride = normalisedTerms;
        OverrideReason = why;
        OverrideByName = by.DisplayName;
        OverrideAt = at;
        Record(by, at, "CreditAccount.OverrideSet", before, DescribeOverride(), why);
    }

    public void RemoveOverride(Actor by, DateTimeOffset at, string reason)
    {
        RequireAccountant(by);
        var why = Required(reason);
        if (!HasOverride)
        {
            throw new DomainException("This account has no override to remove; the ERP's limit and terms apply.");
        }

        var before = DescribeOverride();
        (LimitOverride, TermsOverride, OverrideReason, OverrideByName, OverrideAt) = (null, null, null, null, null);
        Record(by, at, "CreditAccount.OverrideRemoved", before, "ERP values", why);
    }

    /// <summary>A credit check ran against this account: the version bump makes a concurrent check's save fail and retry.</summary>
    public void RecordCheck(DateTimeOffset at)
    {
        LastCheckedAt = at;
        Version++;
    }

    /// <summary>Changes not yet written to the audit trail; the caller adds them to the same SaveChanges.</summary>
    public IReadOnlyList<CreditChange> TakeChanges()
    {
        var taken = _changes.ToList();
        _changes.Clear();
        return taken;
    }

    private void Fire(CreditAccountTrigger trigger, Actor by, DateTimeOffset at, CreditHoldReason? reason, string? note)
    {
        if (!Machine.CanFire(trigger))
        {
            throw new DomainException($"The credit account is {Label(State)}: \"{CreditAccountWorkflow.Label(trigger)}\" is not possible in that state.");
        }

        if (!CreditAccountWorkflow.MayFire(trigger, by, reason))
        {
            throw new DomainException($"You may not {CreditAccountWorkflow.Label(trigger)} this credit account.");
        }

        var why = CreditAccountWorkflow.IsReview(by) || CreditAccountWorkflow.IsErp(by) ? Optional(note) : Required(note);
        var before = DescribeState();
        Machine.Fire(trigger);
        HoldReason = reason;
        StateNote = why;
        Record(by, at, $"CreditAccount.{trigger}", before, trigger == CreditAccountTrigger.Hold ? $"OnHold ({CreditAccountWorkflow.Label(reason!.Value)})" : State.ToString(), why);
    }

    private void Record(Actor by, DateTimeOffset at, string action, string? before, string? after, string? reason)
    {
        _changes.Add(new CreditChange(at, by.UserId, by.DisplayName, action, before, reason is null ? after : $"{after}: {reason}"));
        Version++;
    }

    public static string Label(CreditAccountState state) => state == CreditAccountState.OnHold ? "on hold" : state.ToString().ToLowerInvariant();

    private string DescribeState() => HoldReason is { } r ? $"{State} ({CreditAccountWorkflow.Label(r)})" : State.ToString();

    private string DescribePolicy() => string.Create(CultureInfo.InvariantCulture, $"{Policy}, {GraceDays} grace days");

    private string DescribeOverride() => HasOverride
        ? string.Join("; ", new[]
        {
            LimitOverride is { } l ? $"limit {Money.Of(l, Currency)}" : null,
            TermsOverride is { } t ? $"terms {t}" : null,
        }.Where(s => s is not null))
        : "ERP values";

    private static void RequireAccountant(Actor by)
    {
        if (!by.IsInRole(Roles.Accountant) && !by.IsInRole(Roles.Administrator))
        {
            throw new DomainException("Only accountants and administrators change credit accounts.");
        }
    }

    private static int CheckGrace(int graceDays) => graceDays is < 0 or > MaxGraceDays
        ? throw new DomainException($"Grace days are 0 to {MaxGraceDays}.", "GraceDays")
        : graceDays;

    private static string Required(string? reason) => Optional(reason) ?? throw new DomainException("Give a reason.", "Reason");

    private static string? Optional(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return null;
        }

        reason = reason.Trim();
        return reason.Length > ReasonMaxLength
            ? throw new DomainException($"A reason has at most {ReasonMaxLength} characters.", "Reason")
            : reason;
    }
}

/// <summary>One change of a credit account, for the audit trail (entity "CreditAccount", the company's id).</summary>
public sealed record CreditChange(DateTimeOffset At, string ActorId, string ActorName, string Action, string? Before, string? After);
