using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Quotes;
using B2BPortal.Tests.Fixtures;

namespace B2BPortal.Tests.Quotes;

/// <summary>The quote's machine and its rules without a database: who may act in which state, versions, diff, bad input.</summary>
public sealed class QuoteWorkflowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Buyer = new("buyer-1", "Alice Buyer", 1, new HashSet<string> { Roles.Buyer });
    private static readonly Actor OtherCompany = new("buyer-2", "Bianca Buyer", 2, new HashSet<string> { Roles.Buyer });
    private static readonly Actor Rep = new("rep-1", "Sam Salesrep", null, new HashSet<string> { Roles.SalesRep });
    private static readonly Actor Admin = new("admin-1", "Ada Admin", null, new HashSet<string> { Roles.Administrator });
    private static readonly Actor Accountant = new("acc-1", "Anna Accountant", null, new HashSet<string> { Roles.Accountant });

    [Fact]
    public void Only_the_side_holding_the_quote_may_move_or_edit_it()
    {
        var draft = Quote.Request("Q-2026-000002", 1, "EUR", Buyer, null, null, [new NewQuoteLine(1, "HAMMER-500", "Claw hammer", "PCS", 2, 20m, null, null)], null, Now);
        Assert.Equal([QuoteTrigger.Submit, QuoteTrigger.Cancel], draft.ActionsFor(Buyer));
        Assert.Empty(draft.ActionsFor(Rep));
        draft.Revise(Buyer, new QuoteRevision(0, [new QuoteLineTerms(10000, 3, 15m, null, null, [])], []), Now);
        Assert.Equal((3m, 15m), (draft.Current.Lines[0].Quantity, draft.Current.Lines[0].TargetPrice));
        Assert.Contains("offered by your sales rep", Assert.Throws<DomainException>(() =>
            draft.Revise(Buyer, new QuoteRevision(0, [new QuoteLineTerms(10000, 3, 15m, 1m, null, [])], []), Now)).Message, StringComparison.Ordinal);
        Assert.Contains("offered by your sales rep", Assert.Throws<DomainException>(() =>
            draft.Revise(Buyer, new QuoteRevision(0, [new QuoteLineTerms(10000, 3, 15m, null, null, [])], [], AllowPartialAcceptance: true), Now)).Message, StringComparison.Ordinal);

        var q = NewQuote();
        Assert.Empty(q.ActionsFor(Buyer));
        Assert.Empty(q.ActionsFor(OtherCompany));
        Assert.Empty(q.ActionsFor(Accountant));
        Assert.Equal([QuoteTrigger.StartReview, QuoteTrigger.Cancel], q.ActionsFor(Rep));

        var ex = Assert.Throws<DomainException>(() => q.Revise(Buyer, Terms(q, 5, null), Now));
        Assert.Contains("with the sales team", ex.Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => q.StartReview(Buyer, Now));

        q.StartReview(Rep, Now);
        q.Revise(Rep, Terms(q, 5, 17m), Now);
        Assert.Equal([QuoteTrigger.RequestApproval, QuoteTrigger.Send, QuoteTrigger.Cancel], q.ActionsFor(Rep));
        Assert.Empty(q.ActionsFor(Buyer));

        q.Send(Rep, Now.AddDays(30), [], Now);
        Assert.Equal([QuoteTrigger.RequestRevision, QuoteTrigger.Accept, QuoteTrigger.Decline, QuoteTrigger.Cancel], q.ActionsFor(Buyer));
        Assert.Empty(q.ActionsFor(Rep));
        Assert.Empty(q.ActionsFor(OtherCompany));
        var sent = Assert.Throws<DomainException>(() => q.Revise(Rep, Terms(q, 5, 1m), Now));
        Assert.Contains("with the customer", sent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_revision_starts_a_new_version_and_the_sent_one_is_kept_as_it_was()
    {
        var q = NewQuote();
        q.StartReview(Rep, Now);
        q.Revise(Rep, Terms(q, 5, 17m), Now);
        q.Send(Rep, Now.AddDays(30), [], Now);
        q.RequestRevision(Buyer, Now, "Cheaper please");
        q.StartReview(Rep, Now);
        q.Revise(Rep, new QuoteRevision(0, [new QuoteLineTerms(10000, 8, null, 16m, null, [new QuoteBreakTerms(20, 15m)])],
            [new NewQuoteLine(2, "NAIL-50", "Nails", "PCS", 100, 0.10m, 0.05m, null)]), Now);

        Assert.Equal(2, q.CurrentVersionNumber);
        Assert.Equal(17m, q.Previous!.Lines.Single().OfferedPrice);
        Assert.True(q.Previous.IsSent);
        var diff = QuoteDiff.Between(q.Previous, q.Current);
        var hammer = diff.Single(d => d.Sku == "HAMMER-500");
        Assert.True(hammer.PriceChanged);
        Assert.True(hammer.QuantityChanged);
        Assert.Equal((17m, 16m), (hammer.OldUnitPrice, hammer.NewUnitPrice));
        Assert.Equal(LineChange.Added, diff.Single(d => d.Sku == "NAIL-50").Change);
        Assert.True(q.Current.Lines.Single(l => l.Sku == "NAIL-50").ProposedByRep);
        Assert.Equal(15m, q.Current.Lines.Single(l => l.Sku == "HAMMER-500").UnitPriceAt(20, 0));
    }

    [Fact]
    public void Accepting_a_version_that_is_no_longer_current_is_refused_with_the_current_one_named()
    {
        var q = NewQuote();
        q.StartReview(Rep, Now);
        q.Send(Rep, Now.AddDays(30), [], Now);
        q.RequestRevision(Buyer, Now, null);
        q.StartReview(Rep, Now);
        q.Send(Rep, Now.AddDays(30), [], Now);

        var ex = Assert.Throws<DomainException>(() => q.Accept(Buyer, 1, Now));
        Assert.Contains("version 2 is the current one", ex.Message, StringComparison.Ordinal);
        Assert.Equal(QuoteState.Sent, q.State);
        q.Accept(Buyer, 2, Now);
        Assert.Equal(QuoteState.Accepted, q.State);
    }

    [Fact]
    public void Discounts_and_header_discount_give_the_net_price_and_the_margin_staff_see()
    {
        var q = NewQuote();
        q.StartReview(Rep, Now);
        q.Revise(Rep, new QuoteRevision(10m, [new QuoteLineTerms(10000, 2, null, null, 10m, [])], []), Now);
        var line = q.Current.Lines.Single();

        // 20.00 less 10 % on the line, less 10 % on the whole quote: 16.20; over a cost of 12: 25.93 %.
        Assert.Equal(16.20m, line.NetUnitPrice(q.Current.HeaderDiscountPercent));
        Assert.Equal(25.93m, line.MarginPercent(q.Current.HeaderDiscountPercent));
        Assert.False(line.IsBelowFloor(10m, 25m));
        Assert.True(line.IsBelowFloor(10m, 30m));
        Assert.Equal(32.40m, q.Current.Total);
    }

    [Fact]
    public void Bad_terms_are_refused_whole_and_nothing_changes()
    {
        var q = NewQuote();
        q.StartReview(Rep, Now);
        var version = q.Version;

        Assert.Contains("between 0 and 100 %", Assert.Throws<DomainException>(() => q.Revise(Rep, new QuoteRevision(101m, [], []), Now)).Message, StringComparison.Ordinal);
        Assert.Contains("either an offered unit price or a discount", Assert.Throws<DomainException>(() =>
            q.Revise(Rep, new QuoteRevision(0, [new QuoteLineTerms(10000, 2, null, 5m, 5m, [])], []), Now)).Message, StringComparison.Ordinal);
        Assert.Contains("quantity above zero", Assert.Throws<DomainException>(() =>
            q.Revise(Rep, new QuoteRevision(0, [new QuoteLineTerms(10000, 0, null, 5m, null, [])], []), Now)).Message, StringComparison.Ordinal);
        Assert.Contains("at least one line", Assert.Throws<DomainException>(() =>
            q.Revise(Rep, new QuoteRevision(0, [new QuoteLineTerms(10000, 2, null, null, null, [], Remove: true)], []), Now)).Message, StringComparison.Ordinal);
        Assert.Contains("same quantity", Assert.Throws<DomainException>(() =>
            q.Revise(Rep, new QuoteRevision(0, [new QuoteLineTerms(10000, 2, null, null, null, [new(10, 1m), new(10, 2m)])], []), Now)).Message, StringComparison.Ordinal);
        Assert.Contains("Valid-until", Assert.Throws<DomainException>(() => q.Send(Rep, Now, [], Now)).Message, StringComparison.Ordinal);

        Assert.Equal(version, q.Version);
        Assert.Null(q.Current.Lines.Single().OfferedPrice);
        Assert.Equal(2m, q.Current.Lines.Single().Quantity);
    }

    [Fact]
    public void Internal_approval_is_the_administrators_and_a_rejection_goes_back_to_review()
    {
        var q = NewQuote();
        q.StartReview(Rep, Now);
        Assert.Contains("internal approval", Assert.Throws<DomainException>(() => q.Send(Rep, Now.AddDays(5), ["HAMMER-500"], Now)).Message, StringComparison.Ordinal);
        q.RequestApproval(Rep, Now, "HAMMER-500 below floor");
        Assert.Empty(q.ActionsFor(Rep));
        Assert.Equal([QuoteTrigger.Approve, QuoteTrigger.Reject], q.ActionsFor(Admin));
        Assert.Throws<DomainException>(() => q.Reject(Admin, Now, null));
        q.Reject(Admin, Now, "Too cheap");
        q.StartReview(Rep, Now);
        Assert.Equal(QuoteState.InReview, q.State);
        Assert.Equal(1, q.CurrentVersionNumber);
    }

    [Fact]
    public void The_machine_diagram_in_docs_is_the_one_the_code_runs()
    {
        var mermaid = QuoteWorkflow.MermaidGraph();
        var dot = QuoteWorkflow.DotGraph();
        Assert.Contains("PendingInternalApproval", mermaid, StringComparison.Ordinal);
        Assert.Contains("RevisionRequested", dot, StringComparison.Ordinal);

        GeneratedDocs.AssertCurrent($"{nameof(QuoteWorkflowTests)}.{nameof(The_machine_diagram_in_docs_is_the_one_the_code_runs)}", new Dictionary<string, string>
        {
            ["docs/workflows/quote.dot"] = dot,
            ["docs/workflows/quote.md"] = $"""
            # Quote workflow

            Generated from `Domain/Quotes/QuoteWorkflow.cs` and checked by `QuoteWorkflowTests.The_machine_diagram_in_docs_is_the_one_the_code_runs`;
            do not edit by hand: after changing the machine, run that test with `UPDATE_WORKFLOW_DOCS=1` and commit the result. The same diagram in Graphviz form: [quote.dot](quote.dot).

            Who holds the quote (and alone may edit it): the buyer in Draft and Sent; the sales team in Submitted, InReview,
            Approved, Rejected and RevisionRequested; the approver in PendingInternalApproval; nobody once it is Accepted, Ordered,
            Declined, Expired or Cancelled. A sent version is frozen; StartReview after RevisionRequested opens the next version.

            Who may pull which trigger (`QuoteWorkflow.MayFire`):
            - Submit, Accept, RequestRevision, Decline: a buyer (Buyer or BuyerAdmin) of the quote's company. Accept names the version
              seen: only the current one, and only up to the last second of valid-until.
            - StartReview, RequestApproval, Send: a SalesRep or an Administrator. Send from InReview only when no line is below its
              margin floor (per rep or product group, default `Quotes:DefaultMarginFloorPercent`); otherwise RequestApproval first.
            - Approve, Reject: an Administrator (there is no sales manager role); rejecting needs a reason.
            - Cancel: the side holding the quote (buyer in Draft and Sent, sales team otherwise).
            - Convert (Accepted → Ordered, in the same transaction as the order) and Expire (at valid-until, the QuoteExpiry job):
              only the system.

            ```mermaid
            {mermaid.ReplaceLineEndings("\n").Trim()}
            ```

            """,
        });
    }

    private static Quote NewQuote()
    {
        var q = Quote.Request("Q-2026-000001", 1, "EUR", Buyer, "rep-1", "Sam Salesrep",
            [new NewQuoteLine(1, "HAMMER-500", "Claw hammer", "PCS", 2, 20m, 12m, 16m)], "Site build", Now);
        q.Submit(Buyer, Now);
        return q;
    }

    private static QuoteRevision Terms(Quote q, decimal quantity, decimal? price) =>
        new(q.Current.HeaderDiscountPercent, [new QuoteLineTerms(q.Current.Lines[0].LineNumber, quantity, null, price, null, [])], []);
}
