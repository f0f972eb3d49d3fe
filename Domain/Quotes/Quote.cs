using B2BPortal.Domain.Common;
using Stateless;

namespace B2BPortal.Domain.Quotes;

/// <summary>
/// A customer company's request for quotation and the distributor's answers to it. <see cref="State"/> is the EF-mapped
/// storage of the <see cref="QuoteWorkflow"/> machine. Every answer is a <see cref="QuoteVersion"/>; a version becomes
/// immutable once sent, and a revision starts a new one, so both sides can see what changed. <see cref="Version"/> is the
/// concurrency token: a page posts the one it showed, and a quote changed meanwhile is refused ("reload"), never overwritten.
/// </summary>
public class Quote
{
    public const int NumberMaxLength = 20;
    public const int NotesMaxLength = 1000;
    public const int ReasonMaxLength = 500;
    public const int MaxLines = 1000;

    private readonly List<QuoteVersion> _versions = [];
    private readonly List<QuoteHistoryEntry> _history = [];
    private readonly List<QuoteChange> _unaudited = [];
    private StateMachine<QuoteState, QuoteTrigger>? _machine;

    private Quote() { }

    public int Id { get; private set; }

    /// <summary>The readable number both sides use, e.g. Q-2026-000042.</summary>
    public string Number { get; private set; } = string.Empty;

    public int CompanyId { get; private set; }

    public string Currency { get; private set; } = string.Empty;

    /// <summary>The sales rep who owns the quote: the company's rep when it was requested (or whoever reviews it first).</summary>
    public string? OwnerRepUserId { get; private set; }

    public string? OwnerRepName { get; private set; }

    public string RequestedByUserId { get; private set; } = string.Empty;

    public string RequestedByName { get; private set; } = string.Empty;

    public QuoteState State { get; private set; }

    public string? BuyerNotes { get; private set; }

    /// <summary>The offer holds up to and including this instant; set when sent.</summary>
    public DateTimeOffset? ValidUntil { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>When the quote last moved or changed: the inbox ages quotes by it.</summary>
    public DateTimeOffset UpdatedAt { get; private set; }

    public int CurrentVersionNumber { get; private set; }

    /// <summary>Why internal approval was asked for: the lines below their margin floor.</summary>
    public string? ApprovalReason { get; private set; }

    /// <summary>The order the accepted quote became.</summary>
    public string? OrderNumber { get; private set; }

    /// <summary>When the first version went to the buyer: the pipeline counts a quote as sent in the period of its first offer.</summary>
    public DateTimeOffset? FirstSentAt { get; private set; }

    /// <summary>
    /// Seconds from the request to the first offer. Kept as a number, not derived from two timestamps at query time, so the
    /// pipeline's average time to send is one AVG in SQL on every provider (SQLite stores instants as encoded integers).
    /// </summary>
    public long? SecondsToFirstSend { get; private set; }

    /// <summary>When the accepted quote became an order.</summary>
    public DateTimeOffset? OrderedAt { get; private set; }

    /// <summary>The value of the order it became (all lines, or the accepted ones of a partial acceptance): the pipeline's value won.</summary>
    public decimal? OrderedValue { get; private set; }

    /// <summary>When the buyer was reminded that the offer runs out; at most once per sent version.</summary>
    public DateTimeOffset? ReminderSentAt { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<QuoteVersion> Versions => _versions.AsReadOnly();

    public IReadOnlyList<QuoteHistoryEntry> History => _history.AsReadOnly();

    public QuoteVersion Current => _versions.Single(v => v.Number == CurrentVersionNumber);

    public QuoteVersion? Previous => _versions.Where(v => v.Number < CurrentVersionNumber).MaxBy(v => v.Number);

    private StateMachine<QuoteState, QuoteTrigger> Machine => _machine ??= QuoteWorkflow.Build(() => State, s => State = s);

    /// <summary>A buyer's request: version 1 with the lines at the prices the buyer sees today and the targets they ask for.</summary>
    public static Quote Request(string number, int companyId, string currency, Actor buyer, string? ownerRepUserId, string? ownerRepName,
        IReadOnlyList<NewQuoteLine> lines, string? notes, DateTimeOffset now)
    {
        if (buyer.IsStaff || buyer.CompanyId != companyId)
        {
            throw new DomainException("A quote is requested by a buyer of the customer company.");
        }

        if (lines.Count == 0)
        {
            throw new DomainException("A quote request needs at least one line.");
        }

        if (lines.Count > MaxLines)
        {
            throw new DomainException($"A quote holds at most {MaxLines:N0} lines; split the request.");
        }

        if (lines.GroupBy(l => l.ProductId).Any(g => g.Count() > 1))
        {
            throw new DomainException("Each product appears once in a quote; put the whole quantity on one line.");
        }

        var quote = new Quote
        {
            Number = number,
            CompanyId = companyId,
            Currency = CurrencyCode.Normalize(currency),
            OwnerRepUserId = ownerRepUserId,
            OwnerRepName = ownerRepName,
            RequestedByUserId = buyer.UserId,
            RequestedByName = buyer.DisplayName,
            State = QuoteState.Draft,
            BuyerNotes = Text(notes, NotesMaxLength, "Notes"),
            CreatedAt = now,
            UpdatedAt = now,
            CurrentVersionNumber = 1,
        };
        var version = new QuoteVersion(1, now);
        foreach (var l in lines)
        {
            version.AddLine(l, proposedByRep: false);
        }

        quote._versions.Add(version);
        quote._unaudited.Add(new QuoteChange(buyer, now, "Quote.Request", null, $"{lines.Count} lines"));
        return quote;
    }

    public IReadOnlyList<QuoteTrigger> ActionsFor(Actor actor) =>
        Enum.GetValues<QuoteTrigger>()
            .Where(t => Machine.CanFire(t) && !QuoteWorkflow.Automatic.Contains(t) && QuoteWorkflow.MayFire(t, State, actor, CompanyId))
            .ToList();

    public bool MayEdit(Actor actor) => QuoteWorkflow.MayEdit(State, actor, CompanyId);

    public bool IsExpiredAt(DateTimeOffset now) => ValidUntil is { } until && now > until;

    public void Submit(Actor buyer, DateTimeOffset at) => FireAs(QuoteTrigger.Submit, buyer, at, null);

    /// <summary>The rep takes the quote up. After a revision request or a rejected approval, a new version starts as a copy of the last.</summary>
    public void StartReview(Actor rep, DateTimeOffset at)
    {
        var from = State;
        FireAs(QuoteTrigger.StartReview, rep, at, null);
        OwnerRepUserId ??= rep.UserId;
        OwnerRepName ??= rep.DisplayName;
        if (from == QuoteState.RevisionRequested || Current.IsSent)
        {
            var next = Current.CopyAsNext(at);
            _versions.Add(next);
            CurrentVersionNumber = next.Number;
        }
    }

    /// <summary>
    /// Changes the current version's terms. Only the side holding the quote may: the buyer in Draft (quantities and target
    /// prices), a sales rep in review (prices, discounts, breaks, quantities, lines). Everything is checked before anything changes.
    /// </summary>
    public void Revise(Actor actor, QuoteRevision revision, DateTimeOffset at)
    {
        if (!MayEdit(actor))
        {
            throw new DomainException(QuoteWorkflow.Holder(State) switch
            {
                QuoteHolder.Buyer => $"Quote {Number} is with the customer ({QuoteWorkflow.Label(State).ToLowerInvariant()}); only they may change it now.",
                QuoteHolder.SalesRep => $"Quote {Number} is with the sales team ({QuoteWorkflow.Label(State).ToLowerInvariant()}); only they may change it now.",
                QuoteHolder.Approver => $"Quote {Number} waits for internal approval; nobody changes it until it is approved or rejected.",
                _ => $"Quote {Number} is {QuoteWorkflow.Label(State).ToLowerInvariant()}; it cannot be changed any more.",
            });
        }

        var staff = actor.IsStaff;
        if (!staff && (revision.HeaderDiscountPercent != Current.HeaderDiscountPercent || revision.Added.Count > 0
            || (revision.AllowPartialAcceptance is { } partial && partial != Current.AllowsPartialAcceptance)
            || revision.Lines.Any(l => l.OfferedPrice is not null || l.DiscountPercent is not null || l.Breaks.Count > 0)))
        {
            throw new DomainException("Prices, discounts and quantity breaks are offered by your sales rep; you may change quantities and target prices.");
        }

        var before = Current.Describe();
        Current.Apply(revision, staff);
        _unaudited.Add(new QuoteChange(actor, at, "Quote.Revise", before, Current.Describe()));
        Touch(at);
    }

    /// <summary>Asks the approver to allow lines below their margin floor.</summary>
    public void RequestApproval(Actor rep, DateTimeOffset at, string reason)
    {
        ApprovalReason = Text(reason, ReasonMaxLength, "Reason");
        FireAs(QuoteTrigger.RequestApproval, rep, at, ApprovalReason);
    }

    public void Approve(Actor approver, DateTimeOffset at, string? comment) => FireAs(QuoteTrigger.Approve, approver, at, Text(comment, ReasonMaxLength, "Reason"));

    public void Reject(Actor approver, DateTimeOffset at, string? comment) =>
        FireAs(QuoteTrigger.Reject, approver, at, Text(comment, ReasonMaxLength, "Reason") ?? throw new DomainException("Say why the approval is refused.", "Reason"));

    /// <summary>
    /// Sends the current version to the buyer, valid up to and including <paramref name="validUntil"/>. From review this is
    /// only possible when no line is below its margin floor (<paramref name="belowFloor"/> names those that are); those need
    /// internal approval first. The version is frozen from now on.
    /// </summary>
    public void Send(Actor rep, DateTimeOffset validUntil, IReadOnlyList<string> belowFloor, DateTimeOffset at)
    {
        if (State == QuoteState.InReview && belowFloor.Count > 0)
        {
            throw new DomainException($"Lines below their margin floor need internal approval before the quote is sent: {string.Join(", ", belowFloor)}.");
        }

        if (validUntil <= at)
        {
            throw new DomainException("Valid-until must be in the future.", "ValidUntil");
        }

        FireAs(QuoteTrigger.Send, rep, at, $"version {CurrentVersionNumber}, valid until {validUntil:yyyy-MM-dd HH:mm} UTC");
        ValidUntil = validUntil;
        ReminderSentAt = null;
        Current.MarkSent(at);
        if (FirstSentAt is null)
        {
            FirstSentAt = at;
            SecondsToFirstSend = Math.Max(0, (long)(at - CreatedAt).TotalSeconds);
        }
    }

    public void RequestRevision(Actor buyer, DateTimeOffset at, string? comment)
    {
        EnsureOpenOffer(at);
        FireAs(QuoteTrigger.RequestRevision, buyer, at, Text(comment, ReasonMaxLength, "Reason"));
    }

    public void Decline(Actor buyer, DateTimeOffset at, string? comment) => FireAs(QuoteTrigger.Decline, buyer, at, Text(comment, ReasonMaxLength, "Reason"));

    public void Cancel(Actor actor, DateTimeOffset at, string? reason) => FireAs(QuoteTrigger.Cancel, actor, at, Text(reason, ReasonMaxLength, "Reason"));

    /// <summary>
    /// The buyer accepts the version they saw: all its lines (<paramref name="lineNumbers"/> null), or, when the rep allowed
    /// partial acceptance on that version, the lines named. A version other than the current one, or an offer past its
    /// valid-until, is refused with what to do instead: no silent re-pricing. Each line of the version records whether it
    /// was accepted, so the order (and a second accept) reads the same choice.
    /// </summary>
    public void Accept(Actor buyer, int versionNumber, DateTimeOffset at, IReadOnlyCollection<int>? lineNumbers = null)
    {
        if (State == QuoteState.Sent && versionNumber != CurrentVersionNumber)
        {
            throw new DomainException($"You accepted version {versionNumber} of quote {Number}, but version {CurrentVersionNumber} is the current one. Look at it and accept that.");
        }

        EnsureOpenOffer(at);
        var version = Current;
        var chosen = lineNumbers is null ? version.Lines.Select(l => l.LineNumber).ToHashSet() : lineNumbers.ToHashSet();
        if (chosen.Count == 0)
        {
            throw new DomainException("Choose at least one line to accept.", "Lines");
        }

        var unknown = chosen.Where(n => version.Lines.All(l => l.LineNumber != n)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainException($"Line {unknown[0]} is not in version {version.Number} of quote {Number}; reload the quote.", "Lines");
        }

        var partial = chosen.Count < version.Lines.Count;
        if (partial && !version.AllowsPartialAcceptance)
        {
            throw new DomainException($"Quote {Number} is offered as a whole: accept all its lines, or ask your sales rep for a revision without the ones you do not want.", "Lines");
        }

        var reason = partial
            ? $"version {versionNumber}, {chosen.Count} of {version.Lines.Count} lines: {string.Join(", ", version.Lines.Where(l => chosen.Contains(l.LineNumber)).OrderBy(l => l.LineNumber).Select(l => l.Sku))}"
            : $"version {versionNumber}";
        if (reason.Length > ReasonMaxLength)
        {
            reason = reason[..(ReasonMaxLength - 1)] + "…";
        }

        FireAs(QuoteTrigger.Accept, buyer, at, reason);
        foreach (var l in version.Lines)
        {
            l.MarkAccepted(chosen.Contains(l.LineNumber));
        }
    }

    /// <summary>The accepted quote has become an order of <paramref name="value"/> (in the same transaction as the order itself).</summary>
    public void MarkOrdered(string orderNumber, decimal value, DateTimeOffset at)
    {
        Fire(QuoteTrigger.Convert, Actor.System("quote conversion"), at, $"order {orderNumber}");
        OrderNumber = orderNumber;
        OrderedAt = at;
        OrderedValue = value;
    }

    /// <summary>The expiry job: a sent offer whose valid-until has passed.</summary>
    public void Expire(DateTimeOffset at)
    {
        if (!IsExpiredAt(at))
        {
            throw new DomainException($"Quote {Number} is valid until {ValidUntil:yyyy-MM-dd HH:mm} UTC; it has not expired.");
        }

        Fire(QuoteTrigger.Expire, Actor.System("quote expiry"), at, $"valid until {ValidUntil:yyyy-MM-dd HH:mm} UTC");
    }

    public void MarkReminded(DateTimeOffset at)
    {
        ReminderSentAt = at;
        _unaudited.Add(new QuoteChange(Actor.System("quote expiry"), at, "Quote.Remind", null, $"valid until {ValidUntil:O}"));
    }

    /// <summary>Changes not yet written to the audit trail; the caller adds them to the same SaveChanges.</summary>
    public IReadOnlyList<QuoteChange> TakeUnaudited()
    {
        var taken = _unaudited.ToList();
        _unaudited.Clear();
        return taken;
    }

    private void EnsureOpenOffer(DateTimeOffset at)
    {
        if (State == QuoteState.Sent && IsExpiredAt(at))
        {
            throw new DomainException($"Quote {Number} expired at {ValidUntil:yyyy-MM-dd HH:mm} UTC and cannot be ordered. Ask your sales rep for a new quote.");
        }
    }

    private void FireAs(QuoteTrigger trigger, Actor actor, DateTimeOffset at, string? reason)
    {
        if (!Machine.CanFire(trigger))
        {
            throw QuoteWorkflow.Illegal(Number, State, trigger);
        }

        if (!QuoteWorkflow.MayFire(trigger, State, actor, CompanyId))
        {
            throw new DomainException($"You may not {QuoteWorkflow.Label(trigger)} quote {Number}.");
        }

        Fire(trigger, actor, at, reason);
    }

    private void Fire(QuoteTrigger trigger, Actor actor, DateTimeOffset at, string? reason)
    {
        if (!Machine.CanFire(trigger))
        {
            throw QuoteWorkflow.Illegal(Number, State, trigger);
        }

        var from = State;
        Machine.Fire(trigger);
        _history.Add(new QuoteHistoryEntry(from, State, trigger, CurrentVersionNumber, actor.UserId, actor.DisplayName, at, reason));
        _unaudited.Add(new QuoteChange(actor, at, $"Quote.{trigger}", from.ToString(), reason is null ? State.ToString() : $"{State}: {reason}"));
        Touch(at);
    }

    private void Touch(DateTimeOffset at)
    {
        Version++;
        UpdatedAt = at;
    }

    internal static string? Text(string? value, int max, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        return value.Length > max ? throw new DomainException($"At most {max} characters.", field) : value;
    }
}

/// <summary>One change for the audit trail: who, when, what, before and after.</summary>
public sealed record QuoteChange(Actor Actor, DateTimeOffset At, string Action, string? Before, string? After);

/// <summary>One transition: from, to, on which version, by whom, when, why. Append-only.</summary>
public class QuoteHistoryEntry
{
    private QuoteHistoryEntry() { }

    internal QuoteHistoryEntry(QuoteState from, QuoteState to, QuoteTrigger trigger, int versionNumber, string actorId, string actorName, DateTimeOffset at, string? reason)
    {
        From = from;
        To = to;
        Trigger = trigger;
        VersionNumber = versionNumber;
        ActorId = actorId;
        ActorName = actorName;
        At = at;
        Reason = reason;
    }

    public long Id { get; private set; }

    public int QuoteId { get; private set; }

    public QuoteState From { get; private set; }

    public QuoteState To { get; private set; }

    public QuoteTrigger Trigger { get; private set; }

    public int VersionNumber { get; private set; }

    public string ActorId { get; private set; } = string.Empty;

    public string ActorName { get; private set; } = string.Empty;

    public DateTimeOffset At { get; private set; }

    public string? Reason { get; private set; }
}
