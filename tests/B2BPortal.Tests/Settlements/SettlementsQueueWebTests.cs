using System.Net;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Settlements;
using B2BPortal.Portal.Infrastructure.DemoData;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Settlements;

/// <summary>
/// The demo statement (DemoSettlementsSeeder) through the real portal: the accountant finds the queue filled with every kind
/// of exception, matches one by hand on its page (anti-forgery token and all), reads the reconciliation and exports it.
/// A portal of its own: the seeder adds invoices to the demo companies.
/// </summary>
public sealed class SettlementsQueueWebTests(SqlitePortal portal) : IClassFixture<SqlitePortal>
{
    [Fact]
    public async Task The_demo_statement_fills_the_queue_and_an_accountant_matches_an_unknown_payer_by_hand_and_exports_the_reconciliation()
    {
        using (var scope = portal.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSettlementsSeeder>().SeedAsync(CancellationToken.None);
        }

        var accountant = await portal.SignedInAsync("accountant@b2bportal.example");
        var queue = WebUtility.HtmlDecode(await accountant.GetStringAsync("/Settlements/Exceptions"));
        foreach (var kind in Enum.GetValues<SettlementExceptionKind>())
        {
            Assert.Contains($"data-kind=\"{kind}\"", queue, StringComparison.Ordinal);
        }

        int statementId;
        long unknownId, entryId;
        int invoiceId;
        using (var scope = portal.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            statementId = await db.BankStatements().Where(s => s.StatementId == DemoSettlementsSeeder.StatementId).Select(s => s.Id).SingleAsync();
            var unknown = await db.Set<SettlementException>().SingleAsync(x => x.Kind == SettlementExceptionKind.UnknownPayer);
            (unknownId, entryId) = (unknown.Id, unknown.StatementEntryId);
            invoiceId = await db.Invoices.Where(i => i.Number == "DEMO-INV-7102").Select(i => i.Id).SingleAsync();
            Assert.Equal(
                [MatchRule.StructuredReference, MatchRule.InvoiceNumberInText, MatchRule.SeveralInvoicesOfPayer, MatchRule.InvoiceNumberInText, MatchRule.StructuredReference,
                 MatchRule.InvoiceNumberInText, MatchRule.StructuredReference, MatchRule.InvoiceNumberInText],
                await db.Set<PaymentMatch>().OrderBy(m => m.Id).Select(m => m.Rule!.Value).ToListAsync());
            Assert.Equal(AdjustmentKind.Fee, (await db.Set<PaymentMatch>().SingleAsync(m => m.AdjustmentState == AdjustmentState.AwaitingApproval)).AdjustmentKind);
            Assert.Equal(PaymentMatchState.Undone, (await db.Set<PaymentMatch>().Include(m => m.Allocations).SingleAsync(m => m.Allocations.Any(a => a.InvoiceNumber == "DEMO-INV-7203"))).State);
        }

        var page = WebUtility.HtmlDecode(await accountant.GetStringAsync($"/Settlements/Exception/{unknownId}?q=DEMO-INV-7102"));
        Assert.Contains("Globex Trading Ltd", page, StringComparison.Ordinal);
        Assert.Contains("DEMO-INV-7102", page, StringComparison.Ordinal);

        // Without the anti-forgery token the post is refused.
        var forged = await accountant.PostAsync($"/Settlements/Exception/{unknownId}?handler=Match", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["entryId"] = entryId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["invoiceIds[0]"] = invoiceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["amounts[0]"] = "300.00", ["note"] = "forged",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var matched = await PortalFactory.PostFormAsync(accountant, $"/Settlements/Exception/{unknownId}?handler=Match", new Dictionary<string, string>
        {
            ["entryId"] = entryId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["invoiceIds[0]"] = invoiceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["amounts[0]"] = "300.00",
            ["note"] = "Globex pays Borealis' rest, says their e-mail",
        }, $"/Settlements/Exception/{unknownId}?q=DEMO-INV-7102");
        Assert.Equal(HttpStatusCode.Redirect, matched.StatusCode);
        var after = WebUtility.HtmlDecode(await accountant.GetStringAsync($"/Settlements/Exception/{unknownId}"));
        Assert.Contains("DEMO-INV-7102 300.00", after, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"state\">Resolved<", after, StringComparison.Ordinal);

        var report = WebUtility.HtmlDecode(await accountant.GetStringAsync($"/Settlements/Report/{statementId}"));
        Assert.Contains("data-testid=\"difference-figure\">0.00<", report, StringComparison.Ordinal);
        var csv = await accountant.GetStringAsync($"/Settlements/Report/{statementId}?handler=Export&format=csv");
        Assert.Contains("Difference (stated - computed),0", csv, StringComparison.Ordinal);
        Assert.Contains("Globex Trading Ltd", csv, StringComparison.Ordinal);
        var xlsx = await accountant.GetAsync($"/Settlements/Report/{statementId}?handler=Export&format=xlsx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);

        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var refused = await buyer.GetAsync("/Settlements/Exceptions");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }
}
