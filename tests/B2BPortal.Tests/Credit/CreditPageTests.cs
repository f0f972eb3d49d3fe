using System.Net;
using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Portal.Infrastructure.DemoData;
using B2BPortal.Tests.Fixtures;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static B2BPortal.Tests.Credit.CreditPortalData;

namespace B2BPortal.Tests.Credit;

/// <summary>
/// Credit through the real Portal: what checkout tells the buyer before placing (each outcome, with the figures), and
/// the accountants' forms — release and reject on the holds queue, override set and removed on the account page, bad
/// input refused with nothing saved, and no post without its anti-forgery token.
/// </summary>
public abstract class CreditPageTests<TPortal>(TPortal portal) where TPortal : PortalFactory
{
    private const string AccountantEmail = "accountant@b2bportal.example";

    [Fact]
    public async Task Checkout_shows_available_credit_with_its_breakdown_and_that_an_order_within_it_is_placed_at_once()
    {
        var company = await CompanyAsync(portal, 10_000m);
        var placed = await PlaceAsync(portal, company, 300m);
        await InvoiceAsync(portal, company.Id, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(20), 1_000m);
        var total = await CartAsync(portal, company, 200m);
        var notInvoiced = await OrderTotalAsync(placed.OrderNumber);

        var page = await CheckoutAsync(company);

        Assert.Equal(OrderState.Placed, placed.State);
        Assert.Contains($"data-testid=\"open-invoices\">{Amount(1_000m)}<", page, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"not-invoiced\">{Amount(notInvoiced)}<", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"pending-approval\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"available\">{Amount(10_000m - 1_000m - notInvoiced)}<", page, StringComparison.Ordinal);
        Assert.Contains($"Available after this order: {Amount(10_000m - 1_000m - notInvoiced - total.Amount)}", page, StringComparison.Ordinal);
        Assert.Contains("data-decision=\"Pass\"", page, StringComparison.Ordinal);
        Assert.Contains("Within your credit limit: the order is placed straight away.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_says_an_order_over_a_soft_limit_goes_to_credit_hold_for_review_with_the_figures()
    {
        var company = await CompanyAsync(portal, 50m);
        await CartAsync(portal, company, 100m);

        var page = await CheckoutAsync(company);

        Assert.Contains("data-decision=\"Hold\"", page, StringComparison.Ordinal);
        Assert.Contains("Over your credit limit: the order is placed and goes to credit hold for review", page, StringComparison.Ordinal);
        Assert.Contains("credit limit EUR 50.00", page, StringComparison.Ordinal);
        Assert.Contains("over by EUR", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_says_a_hard_limit_refuses_the_order_with_the_figures_and_placing_anyway_saves_nothing()
    {
        var company = await CompanyAsync(portal, 50m, policy: CreditPolicy.Hard);
        await CartAsync(portal, company, 100m);
        var client = await portal.SignedInAsync(company.BuyerEmail);

        var page = await client.GetStringAsync("/Ordering/Checkout");
        var posted = await PortalFactory.PostFormAsync(client, "/Ordering/Checkout", new Dictionary<string, string>(), "/Ordering/Checkout");

        Assert.Contains("data-decision=\"Refuse\"", page, StringComparison.Ordinal);
        Assert.Contains("Refused: this order cannot be placed.", page, StringComparison.Ordinal);
        Assert.Contains("credit limit EUR 50.00", page, StringComparison.Ordinal);
        Assert.Matches("<button[^>]*disabled=\"disabled\"[^>]*data-testid=\"place-order\"", page);
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Contains("The order exceeds your company&#x27;s credit", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await OrdersOfAsync(company.Id));
    }

    [Fact]
    public async Task Checkout_says_an_order_on_prepaid_terms_waits_for_payment()
    {
        var company = await CompanyAsync(portal, 0m, "PREPAID", "");
        await CartAsync(portal, company, 100m);

        var page = await CheckoutAsync(company);

        Assert.Contains("data-decision=\"Hold\"", page, StringComparison.Ordinal);
        Assert.Contains("Prepaid terms: the order is placed and waits for your payment", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"available\">no limit<", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_says_an_order_waits_while_an_invoice_is_overdue_beyond_grace_whatever_the_limit()
    {
        var company = await CompanyAsync(portal, 100_000m);
        await InvoiceAsync(portal, company.Id, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-30), 240m);
        await CartAsync(portal, company, 100m);

        var page = await CheckoutAsync(company);

        Assert.Contains("data-decision=\"Hold\"", page, StringComparison.Ordinal);
        Assert.Contains("On hold for overdue invoices", page, StringComparison.Ordinal);
        Assert.Contains("1 invoice(s) overdue beyond 5 grace days", page, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"open-invoices\">{Amount(240m)}<", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_accountant_releases_a_held_order_to_the_ERP_and_rejects_another_which_never_reaches_the_outbox()
    {
        var company = await CompanyAsync(portal, 10m);
        var released = await PlaceAsync(portal, company, 50m);
        var rejected = await PlaceAsync(portal, company, 50m);
        var accountant = await portal.SignedInAsync(AccountantEmail);
        var queue = await accountant.GetStringAsync("/Credit/Holds");

        var release = await DecideAsync(accountant, released.OrderNumber, "Release", "Customer paid by wire");
        var reject = await DecideAsync(accountant, rejected.OrderNumber, "Reject", "Duplicate order");

        Assert.Equal((OrderState.CreditHold, OrderState.CreditHold), (released.State, rejected.State));
        Assert.Contains($"data-order=\"{released.OrderNumber}\"", queue, StringComparison.Ordinal);
        Assert.Contains(company.Name, queue, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (release.StatusCode, reject.StatusCode));
        Assert.Equal(OrderState.Placed, await StateAsync(released.OrderNumber));
        Assert.Equal(OrderState.Cancelled, await StateAsync(rejected.OrderNumber));
        Assert.True(await InOutboxAsync(released.OrderNumber));
        Assert.False(await InOutboxAsync(rejected.OrderNumber));
        Assert.DoesNotContain($"data-order=\"{released.OrderNumber}\"", await accountant.GetStringAsync("/Credit/Holds"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_release_without_a_reason_a_second_decision_and_a_post_without_its_antiforgery_token_change_nothing()
    {
        var company = await CompanyAsync(portal, 10m);
        var held = await PlaceAsync(portal, company, 50m);
        var accountant = await portal.SignedInAsync(AccountantEmail);

        var noReason = await DecideAsync(accountant, held.OrderNumber, "Release", " ");
        var noToken = await accountant.PostAsync("/Credit/Holds?handler=Decide", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["number"] = held.OrderNumber, ["decision"] = "Release", ["reason"] = "forged",
        }));
        Assert.Equal(OrderState.CreditHold, await StateAsync(held.OrderNumber));
        await DecideAsync(accountant, held.OrderNumber, "Reject", "Customer withdrew it");
        var late = await DecideAsync(await portal.SignedInAsync("admin@b2bportal.example"), held.OrderNumber, "Release", "I release it");

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("Give a reason for releasing the order.", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        Assert.Contains($"Order {held.OrderNumber} was already decided: it is cancelled by Anna Accountant", WebUtility.HtmlDecode(await late.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(OrderState.Cancelled, await StateAsync(held.OrderNumber));
    }

    [Fact]
    public async Task Two_accountants_releasing_and_rejecting_the_same_hold_at_once_through_the_page_one_wins_and_the_other_is_told_it_was_already_decided()
    {
        var company = await CompanyAsync(portal, 10m);
        var second = $"accountant.{Guid.NewGuid():N}"[..20] + "@credit.example";
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await DemoDataSeeder.CreateUserAsync(scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>(), second, "Bert Bookkeeper", Roles.Accountant, null, DateTimeOffset.UtcNow);
        }

        var anna = await portal.SignedInAsync(AccountantEmail);
        var bert = await portal.SignedInAsync(second);
        for (var round = 0; round < 3; round++)
        {
            var held = await PlaceAsync(portal, company, 50m);
            Assert.Equal(OrderState.CreditHold, held.State);

            var both = await Task.WhenAll(
                DecideAsync(anna, held.OrderNumber, "Release", "Customer paid by wire"),
                DecideAsync(bert, held.OrderNumber, "Reject", "Customer asked to cancel"));

            var winners = both.Where(r => r.StatusCode == HttpStatusCode.Redirect).ToList();
            var losers = both.Where(r => r.StatusCode != HttpStatusCode.Redirect).ToList();
            Assert.Single(winners);
            var loser = Assert.Single(losers);
            Assert.Equal(HttpStatusCode.BadRequest, loser.StatusCode);
            Assert.Contains($"Order {held.OrderNumber} was already decided", WebUtility.HtmlDecode(await loser.Content.ReadAsStringAsync()), StringComparison.Ordinal);
            var released = ReferenceEquals(winners[0], both[0]);
            Assert.Equal(released ? OrderState.Placed : OrderState.Cancelled, await StateAsync(held.OrderNumber));
            Assert.Equal(released, await InOutboxAsync(held.OrderNumber));
        }
    }

    [Fact]
    public async Task An_accountant_overrides_the_ERP_limit_with_a_reason_and_removes_it_and_bad_limits_save_nothing()
    {
        var company = await CompanyAsync(portal, 1_000m);
        var accountant = await portal.SignedInAsync(AccountantEmail);
        var url = $"/Credit/Account/{company.Id}";

        var notANumber = await PostAsync(accountant, url, "Override", new() { ["limit"] = "lots", ["reason"] = "Guarantee" });
        var negative = await PostAsync(accountant, url, "Override", new() { ["limit"] = "-5", ["reason"] = "Guarantee" });
        var noReason = await PostAsync(accountant, url, "Override", new() { ["limit"] = "2500" });
        var noToken = await accountant.PostAsync(url + "?handler=Override", new FormUrlEncodedContent(new Dictionary<string, string> { ["limit"] = "99999", ["reason"] = "forged" }));
        Assert.Null(await OverrideAsync(company.Id));
        var set = await PostAsync(accountant, url, "Override", new() { ["limit"] = "2.500,00", ["terms"] = "cm+14d", ["reason"] = "Bank guarantee until March" });
        var withOverride = WebUtility.HtmlDecode(await accountant.GetStringAsync(url));
        var removeWithoutReason = await PostAsync(accountant, url, "RemoveOverride", new() { ["reason"] = "" });
        var removed = await PostAsync(accountant, url, "RemoveOverride", new() { ["reason"] = "Guarantee expired" });
        var afterRemoval = await accountant.GetStringAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.Contains("&quot;lots&quot; is not an amount", await notANumber.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Contains("A credit limit cannot be negative", await negative.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Contains("<td>EUR 2,500.00</td><td>EUR 1,000.00</td>", withOverride, StringComparison.Ordinal);
        Assert.Contains("End of month + 14 days", withOverride, StringComparison.Ordinal);
        Assert.Contains("Bank guarantee until March", withOverride, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, removeWithoutReason.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Null(await OverrideAsync(company.Id));
        Assert.Contains("<td>EUR 1,000.00</td><td>EUR 1,000.00</td>", afterRemoval, StringComparison.Ordinal);
        Assert.Contains("CreditAccount.OverrideRemoved", afterRemoval, StringComparison.Ordinal);
        Assert.Contains("ERP values: Guarantee expired", afterRemoval, StringComparison.Ordinal);
    }

    private async Task<string> CheckoutAsync(CreditCompany company) =>
        await (await portal.SignedInAsync(company.BuyerEmail)).GetStringAsync("/Ordering/Checkout");

    private static Task<HttpResponseMessage> DecideAsync(HttpClient client, string number, string decision, string reason) =>
        PortalFactory.PostFormAsync(client, "/Credit/Holds?handler=Decide",
            new Dictionary<string, string> { ["number"] = number, ["decision"] = decision, ["reason"] = reason }, "/Credit/Holds");

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string handler, Dictionary<string, string> fields) =>
        PortalFactory.PostFormAsync(client, $"{url}?handler={handler}", fields, url);

    private async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> read)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    private Task<OrderState> StateAsync(string number) => WithDbAsync(db => db.Orders().Where(o => o.Number == number).Select(o => o.State).SingleAsync());

    private Task<decimal> OrderTotalAsync(string number) => WithDbAsync(db => db.Orders().Where(o => o.Number == number).Select(o => o.Total.Amount).SingleAsync());

    private Task<int> OrdersOfAsync(int companyId) => WithDbAsync(db => db.Orders().CountAsync(o => o.CompanyId == companyId));

    private Task<bool> InOutboxAsync(string number) => WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.IdempotencyKey == OrderPlacedMessage.IdempotencyKey(number)));

    private Task<decimal?> OverrideAsync(int companyId) => WithDbAsync(db => db.CreditAccounts().Where(a => a.CompanyId == companyId).Select(a => a.LimitOverride).SingleOrDefaultAsync());
}

[Collection(SharedSqlitePortal.Name)]
public sealed class CreditPageTestsOnSqlite(SqlitePortal portal) : CreditPageTests<SqlitePortal>(portal);

[Collection(SharedPostgresPortal.Name)]
public sealed class CreditPageTestsOnPostgres(PostgresPortal portal) : CreditPageTests<PostgresPortal>(portal);
