using B2BPortal.Domain.Common;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Identity;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Ordering;

namespace B2BPortal.Tests.Credit;

/// <summary>The credit account machine: its transitions, who may pull what, the override rules, and its diagram in docs/.</summary>
public sealed class CreditAccountWorkflowTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Accountant = OrderingWorld.Accountant;
    private static readonly Actor Admin = new("staff-admin", "Ada Admin", null, new HashSet<string> { Roles.Administrator });
    private static readonly Actor Review = Actor.System(CreditAccountWorkflow.ReviewActorName);
    private static readonly Actor Erp = Actor.System(CreditAccountWorkflow.ErpActorName);

    private static CreditAccount NewAccount() => new(1, "EUR", CreditPolicy.Soft, 5);

    [Fact]
    public void Active_goes_on_hold_and_back_then_suspended_and_reinstated_then_closed_for_good()
    {
        var account = NewAccount();
        account.Hold(Accountant, Now, CreditHoldReason.Manual, "Customer disputes three invoices");
        Assert.Equal(CreditAccountState.OnHold, account.State);
        Assert.Equal(CreditHoldReason.Manual, account.HoldReason);
        account.Release(Accountant, Now, "Disputes settled");
        account.Suspend(Erp, Now, "Blocked in the ERP");
        Assert.Equal(CreditAccountState.Suspended, account.State);
        Assert.Throws<DomainException>(() => account.Release(Accountant, Now, "no"));
        account.Reinstate(Erp, Now, null);
        account.Close(Admin, Now, "Customer ceased trading");
        Assert.Equal(CreditAccountState.Closed, account.State);
        Assert.Empty(account.ActionsFor(Admin));
        Assert.Equal(
            ["CreditAccount.Hold", "CreditAccount.Release", "CreditAccount.Suspend", "CreditAccount.Reinstate", "CreditAccount.Close"],
            account.TakeChanges().Select(c => c.Action));
    }

    [Fact]
    public void The_review_releases_only_the_holds_it_placed_and_buyers_and_sales_reps_move_nothing()
    {
        var manual = NewAccount();
        manual.Hold(Accountant, Now, CreditHoldReason.Manual, "Phone call with the CFO");
        Assert.Throws<DomainException>(() => manual.Release(Review, Now, null));

        var overdue = NewAccount();
        overdue.Hold(Review, Now, CreditHoldReason.Overdue, null);
        overdue.Release(Review, Now, null);
        Assert.Equal(CreditAccountState.Active, overdue.State);

        Assert.Throws<DomainException>(() => NewAccount().Hold(OrderingWorld.SalesRep, Now, CreditHoldReason.Manual, "x"));
        Assert.Throws<DomainException>(() => NewAccount().Suspend(Review, Now, "x"));
        Assert.Throws<DomainException>(() => NewAccount().Close(Accountant, Now, "only administrators close"));
        Assert.Throws<DomainException>(() => NewAccount().Hold(Accountant, Now, CreditHoldReason.Manual, " "));
    }

    [Fact]
    public void An_override_needs_a_reason_a_limit_not_negative_and_known_terms_and_can_be_removed()
    {
        var account = NewAccount();
        Assert.Equal("Limit", Assert.Throws<DomainException>(() => account.SetOverride(Accountant, Now, -1m, null, "why")).Field);
        Assert.Equal("Reason", Assert.Throws<DomainException>(() => account.SetOverride(Accountant, Now, 100m, null, "")).Field);
        Assert.Equal("DueDateCalculation", Assert.Throws<DomainException>(() => account.SetOverride(Accountant, Now, null, "NET30", "why")).Field);
        Assert.Throws<DomainException>(() => account.SetOverride(OrderingWorld.SalesRep, Now, 100m, null, "why"));
        Assert.False(account.HasOverride);
        Assert.Empty(account.TakeChanges());

        account.SetOverride(Accountant, Now, 2500m, "cm+14d", "Bank guarantee until March");
        var erp = new CreditTerms(1);
        erp.ApplyErp(Money.Of(1000m, "EUR"), Money.Zero("EUR"), "30 DAYS", "30D", Now);
        Assert.Equal(Money.Of(2500m, "EUR"), account.EffectiveLimit(erp));
        Assert.Equal(PaymentTermsKind.EndOfMonthPlusDays, account.EffectiveTerms(erp, ["PREPAID"]).Kind);

        account.RemoveOverride(Accountant, Now, "Guarantee expired");
        Assert.Equal(Money.Of(1000m, "EUR"), account.EffectiveLimit(erp));
        Assert.Equal(PaymentTermsKind.NetDays, account.EffectiveTerms(erp, ["PREPAID"]).Kind);
        var changes = account.TakeChanges();
        Assert.Equal("limit EUR 2,500.00; terms CM+14D: Bank guarantee until March", changes[0].After);
        Assert.Equal("ERP values: Guarantee expired", changes[1].After);
    }

    [Fact]
    public void An_ERP_limit_of_zero_means_no_limit_as_in_Business_Central()
    {
        var erp = new CreditTerms(1);
        erp.ApplyErp(Money.Zero("EUR"), Money.Zero("EUR"), null, null, Now);
        Assert.Null(NewAccount().EffectiveLimit(erp));
    }

    [Fact]
    public void The_machine_diagram_in_docs_is_the_one_the_code_runs()
    {
        var mermaid = CreditAccountWorkflow.MermaidGraph();
        Assert.Contains("Suspended", mermaid, StringComparison.Ordinal);
        GeneratedDocs.AssertCurrent($"{nameof(CreditAccountWorkflowTests)}.{nameof(The_machine_diagram_in_docs_is_the_one_the_code_runs)}", new Dictionary<string, string>
        {
            ["docs/workflows/credit-account.dot"] = CreditAccountWorkflow.DotGraph(),
            ["docs/workflows/credit-account.md"] = $"""
            # Credit account workflow

            Generated from `Domain/Credit/CreditAccountWorkflow.cs` and checked by `CreditAccountWorkflowTests.The_machine_diagram_in_docs_is_the_one_the_code_runs`;
            do not edit by hand: after changing the machine, run that test with `UPDATE_WORKFLOW_DOCS=1` and commit the result.

            Who may pull which trigger:
            - Hold, Release: accountants and administrators (reason required); the daily credit review holds for invoices
              overdue beyond the account's grace days and releases only the holds it placed, once nothing is overdue.
            - Suspend, Reinstate: accountants and administrators; the ERP sync when the customer is blocked / unblocked.
            - Close: administrators.

            What the states mean for ordering: Active, the credit check decides; OnHold, every order waits in credit hold;
            Suspended and Closed, placing is refused.

            ```mermaid
            {mermaid.ReplaceLineEndings("\n")}
            ```
            """,
        });
    }
}
