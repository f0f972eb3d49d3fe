using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Settlements;
using B2BPortal.Tests.Fixtures;

namespace B2BPortal.Tests.Settlements;

public sealed class SettlementExceptionWorkflowTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Accountant = new("acc-1", "Anna Accountant", null, new HashSet<string> { Roles.Accountant });
    private static readonly Actor Rep = new("rep-1", "Sam Salesrep", null, new HashSet<string> { Roles.SalesRep });
    private static readonly Actor Buyer = new("buyer-1", "Bea Buyer", 1, new HashSet<string> { Roles.Buyer, Roles.BuyerAdmin });

    private static SettlementException New(SettlementExceptionKind kind = SettlementExceptionKind.OverPayment) =>
        new(kind, 1, null, 1, Money.Of(200m, "EUR"), "Paid 200.00 more than owed", Now);

    [Fact]
    public void An_accountant_takes_an_exception_before_closing_it_and_only_accountants_work_the_queue()
    {
        var x = New();
        Assert.Equal([SettlementExceptionTrigger.Assign], x.ActionsFor(Accountant));
        Assert.Empty(x.ActionsFor(Rep));
        Assert.Empty(x.ActionsFor(Buyer));
        Assert.Throws<DomainException>(() => x.Refund(Accountant, Now, "Sent back"));
        Assert.Throws<DomainException>(() => x.Assign(Rep, Now));

        x.Assign(Accountant, Now);
        Assert.Equal((SettlementExceptionState.Assigned, "Anna Accountant"), (x.State, x.AssignedToName));
        Assert.Equal([SettlementExceptionTrigger.Assign, SettlementExceptionTrigger.Resolve, SettlementExceptionTrigger.WriteOff, SettlementExceptionTrigger.Refund], x.ActionsFor(Accountant));
        Assert.Throws<DomainException>(() => x.Refund(Accountant, Now, " "));
        x.Refund(Accountant, Now, "Surplus sent back to the payer's account");
        Assert.Equal(SettlementExceptionState.Refunded, x.State);
        Assert.Empty(x.ActionsFor(Accountant));
        Assert.Equal(["Assigned", "Refund"], x.TakeChanges().Select(c => c.Action));
    }

    [Fact]
    public void An_under_payment_has_nothing_to_refund_and_a_resolved_exception_reopens_when_its_match_is_undone()
    {
        var under = New(SettlementExceptionKind.UnderPayment);
        under.Assign(Accountant, Now);
        Assert.DoesNotContain(SettlementExceptionTrigger.Refund, under.ActionsFor(Accountant));
        Assert.Throws<DomainException>(() => under.Refund(Accountant, Now, "?"));

        under.Resolve(Accountant, Now, 42, "Matched by hand");
        Assert.Equal((SettlementExceptionState.Resolved, 42L), (under.State, under.PaymentMatchId!.Value));
        under.Reopen(Accountant, Now, "Match undone");
        Assert.Equal((SettlementExceptionState.Open, null), (under.State, under.AssignedToName));
    }

    [Fact]
    public void The_machine_diagram_in_docs_is_the_one_the_code_runs()
    {
        var mermaid = SettlementExceptionWorkflow.MermaidGraph();
        var dot = SettlementExceptionWorkflow.DotGraph();
        Assert.Contains("WrittenOff", mermaid, StringComparison.Ordinal);
        Assert.Contains("Refunded", dot, StringComparison.Ordinal);

        GeneratedDocs.AssertCurrent($"{nameof(SettlementExceptionWorkflowTests)}.{nameof(The_machine_diagram_in_docs_is_the_one_the_code_runs)}", new Dictionary<string, string>
        {
            ["docs/workflows/settlement-exception.dot"] = dot,
            ["docs/workflows/settlement-exception.md"] = $"""
            # Settlement exception workflow

            Generated from `Domain/Settlements/SettlementException.cs` and checked by `SettlementExceptionWorkflowTests.The_machine_diagram_in_docs_is_the_one_the_code_runs`;
            do not edit by hand: after changing the machine, run that test with `UPDATE_WORKFLOW_DOCS=1` and commit the result. The same diagram in Graphviz form: [settlement-exception.dot](settlement-exception.dot).

            A payment the matching cascade cannot settle by itself opens one exception of its kind: unmatched, over-payment,
            under-payment, unknown payer, duplicate payment or currency mismatch (`SettlementMatching`). An accountant takes it
            (Assign; again to take it over), then closes it: Resolve by matching it by hand (split across invoices if need be),
            WriteOff (an under-payment's shortfall is written off the invoices it concerns) or Refund (not for an under-payment).
            Undoing the manual match that resolved it reopens it.

            Who may pull which trigger (`SettlementExceptionWorkflow.MayFire`): an Accountant or Administrator, every trigger; the
            system (matching, when the bank reverses the payment) only Assign and Resolve. Every transition is audited.

            ```mermaid
            {mermaid.ReplaceLineEndings("\n").Trim()}
            ```

            """,
        });
    }
}
