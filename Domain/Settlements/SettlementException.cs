using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using Stateless;
using Stateless.Graph;

namespace B2BPortal.Domain.Settlements;

/// <summary>Why a payment waits for an accountant.</summary>
public enum SettlementExceptionKind
{
    /// <summary>Nothing fits: no invoice named, or the known payer has nothing open of that amount (or several equal).</summary>
    Unmatched,

    /// <summary>The payer paid more than the invoices it named: the surplus waits (refund, or keep).</summary>
    OverPayment,

    /// <summary>The payer paid less than the invoices it named, beyond the tolerance: the rest stays open until decided.</summary>
    UnderPayment,

    /// <summary>No reference and a payer the portal has not seen pay before.</summary>
    UnknownPayer,

    /// <summary>The payment names invoices already settled.</summary>
    DuplicatePayment,

    /// <summary>The payment names invoices in another currency (the portal never converts).</summary>
    CurrencyMismatch,
}

public enum SettlementExceptionState
{
    Open,
    Assigned,
    Resolved,
    WrittenOff,
    Refunded,
}

public enum SettlementExceptionTrigger
{
    Assign,
    Resolve,
    WriteOff,
    Refund,
    Reopen,
}

/// <summary>One change of an exception, for the audit trail (written by <see cref="SettlementLedger"/>).</summary>
public sealed record SettlementExceptionChange(DateTimeOffset At, string ActorId, string ActorName, string Action, string? Before, string After);

/// <summary>
/// A payment the cascade could not settle on its own, as one Stateless machine over <see cref="State"/>: an accountant takes
/// it (Assign), then resolves it by matching it by hand, writes it off or refunds it. Undoing the manual match that resolved it
/// opens it again. Intent methods check <see cref="SettlementExceptionWorkflow.MayFire"/> too, so a forged post cannot move it.
/// </summary>
public class SettlementException
{
    public const int DescriptionMaxLength = 1000;
    public const int NoteMaxLength = 500;

    private readonly List<SettlementExceptionChange> _changes = [];

    private SettlementException() { }

    public SettlementException(SettlementExceptionKind kind, long statementEntryId, long? paymentMatchId, int? companyId, Money amount, string description, DateTimeOffset at)
    {
        Kind = kind;
        StatementEntryId = statementEntryId;
        PaymentMatchId = paymentMatchId;
        CompanyId = companyId;
        Amount = amount;
        Description = BankStatement.Clip(description, DescriptionMaxLength);
        OpenedAt = at;
        State = SettlementExceptionState.Open;
    }

    public long Id { get; private set; }

    public SettlementExceptionKind Kind { get; private set; }

    public SettlementExceptionState State { get; private set; }

    public long StatementEntryId { get; private set; }

    /// <summary>The automatic match it concerns (over- and under-payments), or the manual match that resolved it.</summary>
    public long? PaymentMatchId { get; private set; }

    /// <summary>The company, when the payer or the invoices are known.</summary>
    public int? CompanyId { get; private set; }

    /// <summary>The amount in question: the whole payment, or the surplus or shortfall.</summary>
    public Money Amount { get; private set; }

    public string Description { get; private set; } = string.Empty;

    public DateTimeOffset OpenedAt { get; private set; }

    public string? AssignedToId { get; private set; }

    public string? AssignedToName { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public string? ClosedBy { get; private set; }

    /// <summary>What the accountant did and why (the note given when resolving, writing off or refunding).</summary>
    public string? Resolution { get; private set; }

    public int Version { get; private set; }

    public bool IsOpen => State is SettlementExceptionState.Open or SettlementExceptionState.Assigned;

    public IReadOnlyList<SettlementExceptionTrigger> ActionsFor(Actor actor)
    {
        var machine = Machine();
        return [.. Enum.GetValues<SettlementExceptionTrigger>().Where(t => t != SettlementExceptionTrigger.Reopen && machine.CanFire(t) && SettlementExceptionWorkflow.MayFire(t, actor) && Allowed(t))];
    }

    /// <summary>Takes the exception (or hands it to someone): <paramref name="assigneeId"/> defaults to the actor.</summary>
    public void Assign(Actor actor, DateTimeOffset at, string? assigneeId = null, string? assigneeName = null)
    {
        var before = AssignedToName;
        Fire(SettlementExceptionTrigger.Assign, actor);
        AssignedToId = assigneeId ?? actor.UserId;
        AssignedToName = BankStatement.Clip(assigneeName ?? actor.DisplayName, PaymentMatch.ActorMaxLength);
        Record(at, actor, "Assigned", before, $"assigned to {AssignedToName}");
    }

    /// <summary>Resolved by a manual match (<paramref name="matchId"/>), or because the bank took the payment back.</summary>
    public void Resolve(Actor actor, DateTimeOffset at, long? matchId, string note)
    {
        Close(SettlementExceptionTrigger.Resolve, actor, at, note);
        PaymentMatchId = matchId ?? PaymentMatchId;
    }

    public void WriteOff(Actor actor, DateTimeOffset at, string note) => Close(SettlementExceptionTrigger.WriteOff, actor, at, note);

    public void Refund(Actor actor, DateTimeOffset at, string note) => Close(SettlementExceptionTrigger.Refund, actor, at, note);

    /// <summary>The manual match that resolved it was undone: the payment waits again.</summary>
    public void Reopen(Actor actor, DateTimeOffset at, string reason)
    {
        var before = State;
        Fire(SettlementExceptionTrigger.Reopen, actor);
        ClosedAt = null;
        ClosedBy = null;
        AssignedToId = null;
        AssignedToName = null;
        Resolution = BankStatement.Clip(reason, NoteMaxLength);
        Record(at, actor, "Reopened", before.ToString(), $"{State}: {Resolution}");
    }

    public IReadOnlyList<SettlementExceptionChange> TakeChanges()
    {
        var changes = _changes.ToList();
        _changes.Clear();
        return changes;
    }

    private void Close(SettlementExceptionTrigger trigger, Actor actor, DateTimeOffset at, string note)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            throw new DomainException($"Say why the exception is {SettlementExceptionWorkflow.Label(trigger)}.");
        }

        if (!Allowed(trigger))
        {
            throw new DomainException($"An under-payment has nothing to refund: write off the shortfall, or match a further payment.");
        }

        var before = State;
        Fire(trigger, actor);
        ClosedAt = at;
        ClosedBy = BankStatement.Clip(actor.DisplayName, PaymentMatch.ActorMaxLength);
        Resolution = BankStatement.Clip(note.Trim(), NoteMaxLength);
        Record(at, actor, trigger.ToString(), before.ToString(), $"{State}: {Resolution}");
    }

    private bool Allowed(SettlementExceptionTrigger trigger) =>
        !(trigger == SettlementExceptionTrigger.Refund && Kind == SettlementExceptionKind.UnderPayment);

    private void Fire(SettlementExceptionTrigger trigger, Actor actor)
    {
        var machine = Machine();
        if (!machine.CanFire(trigger))
        {
            throw new DomainException($"This {SettlementExceptionWorkflow.Label(Kind)} is {State.ToString().ToLowerInvariant()}: it cannot be {SettlementExceptionWorkflow.Label(trigger)} now.");
        }

        if (!SettlementExceptionWorkflow.MayFire(trigger, actor))
        {
            throw new DomainException("Only an accountant or an administrator works the settlement exceptions.");
        }

        machine.Fire(trigger);
        Version++;
    }

    private void Record(DateTimeOffset at, Actor actor, string action, string? before, string after) =>
        _changes.Add(new SettlementExceptionChange(at, actor.UserId, actor.DisplayName, action, before, after));

    private StateMachine<SettlementExceptionState, SettlementExceptionTrigger> Machine() =>
        SettlementExceptionWorkflow.Build(() => State, s => State = s);
}

/// <summary>The exception's life as one Stateless machine, and who may pull which trigger beside it.</summary>
public static class SettlementExceptionWorkflow
{
    public static readonly IReadOnlyList<SettlementExceptionState> OpenStates = [SettlementExceptionState.Open, SettlementExceptionState.Assigned];

    internal static StateMachine<SettlementExceptionState, SettlementExceptionTrigger> Build(Func<SettlementExceptionState> read, Action<SettlementExceptionState> write)
    {
        var m = new StateMachine<SettlementExceptionState, SettlementExceptionTrigger>(read, write);
        m.Configure(SettlementExceptionState.Open)
            .Permit(SettlementExceptionTrigger.Assign, SettlementExceptionState.Assigned);
        m.Configure(SettlementExceptionState.Assigned)
            .PermitReentry(SettlementExceptionTrigger.Assign)
            .Permit(SettlementExceptionTrigger.Resolve, SettlementExceptionState.Resolved)
            .Permit(SettlementExceptionTrigger.WriteOff, SettlementExceptionState.WrittenOff)
            .Permit(SettlementExceptionTrigger.Refund, SettlementExceptionState.Refunded);
        m.Configure(SettlementExceptionState.Resolved)
            .Permit(SettlementExceptionTrigger.Reopen, SettlementExceptionState.Open);
        return m;
    }

    /// <summary>Accountants and administrators work the queue; the system resolves an exception whose payment the bank took back.</summary>
    public static bool MayFire(SettlementExceptionTrigger trigger, Actor actor) =>
        actor.IsSystem
            ? trigger is SettlementExceptionTrigger.Assign or SettlementExceptionTrigger.Resolve
            : actor.IsStaff && (actor.IsInRole(Roles.Accountant) || actor.IsInRole(Roles.Administrator));

    public static StateMachine<SettlementExceptionState, SettlementExceptionTrigger> Describe()
    {
        var state = SettlementExceptionState.Open;
        return Build(() => state, s => state = s);
    }

    public static string DotGraph() => UmlDotGraph.Format(Describe().GetInfo());

    public static string MermaidGraph() => Stateless.Graph.MermaidGraph.Format(Describe().GetInfo());

    public static string Label(SettlementExceptionTrigger trigger) => trigger switch
    {
        SettlementExceptionTrigger.Assign => "assigned",
        SettlementExceptionTrigger.Resolve => "resolved",
        SettlementExceptionTrigger.WriteOff => "written off",
        SettlementExceptionTrigger.Refund => "refunded",
        _ => "reopened",
    };

    public static string Label(SettlementExceptionKind kind) => kind switch
    {
        SettlementExceptionKind.OverPayment => "over-payment",
        SettlementExceptionKind.UnderPayment => "under-payment",
        SettlementExceptionKind.UnknownPayer => "unknown payer",
        SettlementExceptionKind.DuplicatePayment => "duplicate payment",
        SettlementExceptionKind.CurrencyMismatch => "currency mismatch",
        _ => "unmatched payment",
    };
}
