using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Returns;
using B2BPortal.Tests.Fixtures;

namespace B2BPortal.Tests.Returns;

/// <summary>The return's machine, who may pull which trigger, and the photo checks, without a database.</summary>
public sealed class ReturnWorkflowTests
{
    private static readonly Actor Buyer = new("buyer-1", "Alice Buyer", 1, new HashSet<string> { Roles.Buyer });
    private static readonly Actor BuyerAdmin = new("badmin-1", "Arthur Admin", 1, new HashSet<string> { Roles.BuyerAdmin });
    private static readonly Actor OtherCompany = new("buyer-2", "Bianca Buyer", 2, new HashSet<string> { Roles.Buyer });
    private static readonly Actor Rep = new("rep-1", "Sam Salesrep", null, new HashSet<string> { Roles.SalesRep });
    private static readonly Actor OtherRep = new("rep-2", "Olga Otherrep", null, new HashSet<string> { Roles.SalesRep });
    private static readonly Actor Admin = new("admin-1", "Ada Admin", null, new HashSet<string> { Roles.Administrator });
    private static readonly Actor Accountant = new("acc-1", "Anna Accountant", null, new HashSet<string> { Roles.Accountant });
    private static readonly Actor Erp = Actor.System("erp credit memo sync");

    [Fact]
    public void Buyers_cancel_staff_decide_and_receive_and_the_credit_comes_from_the_ERP_or_finance()
    {
        bool May(ReturnTrigger t, Actor a) => ReturnWorkflow.MayFire(t, a, companyId: 1, companyRepUserId: Rep.UserId);

        Assert.True(May(ReturnTrigger.Cancel, Buyer));
        Assert.True(May(ReturnTrigger.Cancel, BuyerAdmin));
        Assert.False(May(ReturnTrigger.Cancel, OtherCompany));
        Assert.False(May(ReturnTrigger.Cancel, Admin));

        foreach (var t in new[] { ReturnTrigger.Approve, ReturnTrigger.Reject, ReturnTrigger.Receive })
        {
            Assert.True(May(t, Rep));
            Assert.True(May(t, Admin));
            Assert.False(May(t, OtherRep));
            Assert.False(May(t, Accountant));
            Assert.False(May(t, Buyer));
            Assert.False(May(t, BuyerAdmin));
            Assert.False(May(t, Erp));
        }

        Assert.True(May(ReturnTrigger.Credit, Erp));
        Assert.True(May(ReturnTrigger.Credit, Accountant));
        Assert.True(May(ReturnTrigger.Credit, Admin));
        Assert.False(May(ReturnTrigger.Credit, Rep));
        Assert.False(May(ReturnTrigger.Credit, Buyer));

        // A company without an assigned rep: only administrators decide.
        Assert.False(ReturnWorkflow.MayFire(ReturnTrigger.Approve, Rep, 1, null));
        Assert.True(ReturnWorkflow.MayFire(ReturnTrigger.Approve, Admin, 1, null));
    }

    [Fact]
    public void The_machine_allows_only_its_transitions()
    {
        var m = ReturnWorkflow.Describe();
        Assert.Equal([ReturnTrigger.Approve, ReturnTrigger.Reject, ReturnTrigger.Cancel], Permitted(m));
        m.Fire(ReturnTrigger.Approve);
        Assert.Equal([ReturnTrigger.Receive], Permitted(m));
        m.Fire(ReturnTrigger.Receive);
        Assert.Equal([ReturnTrigger.Credit], Permitted(m));
        m.Fire(ReturnTrigger.Credit);
        Assert.Equal(ReturnState.Credited, m.State);
        Assert.Empty(Permitted(m));
    }

    private static List<ReturnTrigger> Permitted(Stateless.StateMachine<ReturnState, ReturnTrigger> m) => Enum.GetValues<ReturnTrigger>().Where(m.CanFire).ToList();

    [Fact]
    public void Photos_are_checked_by_their_bytes_size_and_count()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10];
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0];
        byte[] webp = [.. "RIFF"u8, 0x24, 0, 0, 0, .. "WEBP"u8, .. "VP8 "u8];
        Assert.Equal("image/jpeg", ReturnPhoto.From("a.png", jpeg).ContentType);
        Assert.Equal("image/png", ReturnPhoto.From("b.jpg", png).ContentType);
        Assert.Equal("image/webp", ReturnPhoto.From("c.webp", webp).ContentType);
        Assert.Equal("a.png", ReturnPhoto.From("../../etc/a.png", jpeg).FileName);

        // A script named like a photo, a GIF, an empty file, one byte too many.
        Assert.Contains("not a JPEG, PNG or WebP", Assert.Throws<DomainException>(() => ReturnPhoto.From("x.jpg", "<script>alert(1)</script>"u8.ToArray())).Message, StringComparison.Ordinal);
        Assert.Throws<DomainException>(() => ReturnPhoto.From("x.gif", "GIF89a......"u8.ToArray()));
        Assert.Throws<DomainException>(() => ReturnPhoto.From("x.jpg", []));
        var big = new byte[ReturnPhoto.MaxBytes + 1];
        jpeg.CopyTo(big, 0);
        Assert.Contains("up to 5 MB", Assert.Throws<DomainException>(() => ReturnPhoto.From("big.jpg", big)).Message, StringComparison.Ordinal);
        var atLimit = new byte[ReturnPhoto.MaxBytes];
        jpeg.CopyTo(atLimit, 0);
        Assert.Equal(ReturnPhoto.MaxBytes, ReturnPhoto.From("limit.jpg", atLimit).Size);
    }

    [Fact]
    public void The_machine_diagram_in_docs_is_the_one_the_code_runs()
    {
        var mermaid = ReturnWorkflow.MermaidGraph();
        var dot = ReturnWorkflow.DotGraph();
        Assert.Contains("Credited", mermaid, StringComparison.Ordinal);
        Assert.Contains("Received", dot, StringComparison.Ordinal);

        GeneratedDocs.AssertCurrent($"{nameof(ReturnWorkflowTests)}.{nameof(The_machine_diagram_in_docs_is_the_one_the_code_runs)}", new Dictionary<string, string>
        {
            ["docs/workflows/returns.dot"] = dot,
            ["docs/workflows/returns.md"] = $"""
            # Returns (RMA) workflow

            Generated from `Domain/Returns/ReturnWorkflow.cs` and checked by `ReturnWorkflowTests.The_machine_diagram_in_docs_is_the_one_the_code_runs`;
            do not edit by hand: after changing the machine, run that test with `UPDATE_WORKFLOW_DOCS=1` and commit the result. The same diagram in Graphviz form: [returns.dot](returns.dot).

            A buyer returns goods of one delivered order (Delivered, Invoiced or Closed): per line at most what was delivered and is
            not taken back already by the order's other returns (rejected and cancelled returns do not count), with a reason per
            line (damaged, wrong item, not as described, other with a text) and up to {ReturnPhoto.MaxCount} photos (JPEG, PNG or WebP by their
            bytes, at most {ReturnPhoto.MaxBytes / 1024 / 1024} MB each). Lines keep the order line's price and currency.

            Who may pull which trigger (`ReturnWorkflow.MayFire`):
            - Request (creates the return in Requested) and Cancel (while Requested): a Buyer or BuyerAdmin of the order's company.
            - Approve, Reject (a reason is required and shown to the buyer), Receive: an Administrator, or the SalesRep assigned to
              the company.
            - Credit (Received → Credited, with the credit memo's number): the ERP's credit memo coming back (system), or an
              Accountant or Administrator recording it.

            Every transition writes a history entry and an audit entry ("Return.Request", "Return.Approve", …) in the same SaveChanges.

            The ERP: Receive also writes the outbox message "return.received" in that SaveChanges, and OrderExport posts it
            to Business Central as a draft sales credit memo (externalDocumentNumber = the return's number, one item line per
            returned line at the price the order paid), looking the number up first so a lost answer never credits twice.
            Received, not Approved, because the distributor credits goods it has back and has checked: an approval only
            says "send them", and they may never come or come short. When the accounts team posts the memo, CreditMemoSync
            reads it (salesCreditMemos, status Open or Paid), puts it on the buyer's statement and fires Credit as the ERP.
            The buyer is mailed when the return is approved, rejected and credited.

            ```mermaid
            {mermaid.Trim()}
            ```

            """,
        });
    }
}
