using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>
/// Quote to order in a real browser, on a desktop and on a phone: the buyer asks for a quote by pasting a line, the demo
/// rep starts the review and gives the line a discount, an administrator approves it (no cost known: below the margin floor), the rep sends it, the buyer accepts it and lands on the order placed at
/// the quoted price. No page scrolls sideways at 390 px.
/// </summary>
/// <remarks>
/// HEX-000006 is a Hex Bolt of Acme's catalog, ordered in tens (DemoCatalogGenerator, DemoPricingSeeder). The demo data
/// knows no ERP cost for it, so the rep's discount goes through the administrator's approval (the margin floor).
/// </remarks>
[Collection(BrowserCollection.Name)]
public sealed partial class QuoteJourneyTests(BrowserFixture browser)
{
    private const string Sku = "HEX-000006";

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public Task A_buyer_requests_a_quote_the_rep_discounts_a_line_and_sends_it_and_accepting_it_places_the_order(int width, int height) => BrowserFixture.JourneyAsync(async () =>
    {
        var rep = await browser.SignedInAsync("rep@b2bportal.example", viewport: new ViewportSize { Width = width, Height = height });
        var buyer = await browser.SignedInAsync("buyer@acme.example", viewport: new ViewportSize { Width = width, Height = height });
        // The rep's inbox with the pipeline figures above it.
        await rep.GotoAsync("/Quotes/Inbox");
        await Assertions.Expect(rep.GetByTestId("pipeline")).ToContainTextAsync("Quotes sent");
        await JourneySteps.AssertNoSidewaysScrollAsync(rep, width);

        // The buyer pastes the line and asks.
        await buyer.GotoAsync("/Quotes/Request");
        await buyer.GetByLabel("Lines", new() { Exact = true }).FillAsync($"{Sku} 20");
        await buyer.GetByLabel("Notes for the sales rep (target prices, delivery, project)").FillAsync("Browser journey " + width);
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Request the quote" }).ClickAsync();
        await buyer.WaitForURLAsync(new Regex("/Quotes/Detail/Q-"));
        var number = buyer.Url[(buyer.Url.LastIndexOf('/') + 1)..];
        await Assertions.Expect(buyer.GetByTestId("quote-state")).ToHaveTextAsync("Submitted");
        await JourneySteps.AssertNoSidewaysScrollAsync(buyer, width);

        // The rep reviews: 5 % off the line and saves it. The ERP knows no cost for it, so a discount needs an
        // administrator's approval before the quote may go out; approved, the rep sends it with the proposed valid-until.
        await rep.GotoAsync($"/Quotes/Detail/{number}");
        await rep.GetByTestId("action-StartReview").ClickAsync();
        await Assertions.Expect(rep.GetByTestId("quote-state")).ToHaveTextAsync("In review");
        await rep.GetByLabel($"Discount % of {Sku}").FillAsync("5");
        await rep.GetByRole(AriaRole.Button, new() { Name = "Save version 1" }).ClickAsync();
        await Assertions.Expect(rep.GetByRole(AriaRole.Status)).ToContainTextAsync($"Quote {number} version 1 saved.");
        Assert.Equal("5", await rep.GetByLabel($"Discount % of {Sku}").InputValueAsync());
        await JourneySteps.AssertNoSidewaysScrollAsync(rep, width);
        await rep.GetByTestId("action-RequestApproval").ClickAsync();
        await Assertions.Expect(rep.GetByTestId("quote-state")).ToHaveTextAsync("Pending internal approval");
        var admin = await browser.SignedInAsync("admin@b2bportal.example", viewport: new ViewportSize { Width = width, Height = height });
        try
        {
            await admin.GotoAsync($"/Quotes/Detail/{number}");
            await admin.GetByTestId("action-Approve").ClickAsync();
            await Assertions.Expect(admin.GetByTestId("quote-state")).ToHaveTextAsync("Approved");
        }
        finally
        {
            await admin.Context.CloseAsync();
        }

        await rep.GotoAsync($"/Quotes/Detail/{number}");
        await rep.GetByTestId("action-Send").ClickAsync();
        await Assertions.Expect(rep.GetByTestId("quote-state")).ToHaveTextAsync("Sent");

        // The buyer sees the offer (no cost, no margin) and accepts it with a PO number (Acme requires one).
        await buyer.GotoAsync($"/Quotes/Detail/{number}");
        await Assertions.Expect(buyer.GetByTestId("quote-state")).ToHaveTextAsync("Sent");
        await Assertions.Expect(buyer.GetByTestId("cost")).ToHaveCountAsync(0);
        var row = buyer.GetByTestId("quote-lines").Locator("tbody tr").First;
        var list = ParseMoney(await row.Locator("td").Nth(3).TextContentAsync());
        var quoted = ParseMoney(await row.Locator("td").Nth(5).TextContentAsync());
        Assert.Equal(decimal.Round(list * 0.95m, 2, MidpointRounding.AwayFromZero), quoted);
        await JourneySteps.AssertNoSidewaysScrollAsync(buyer, width);
        await buyer.GetByLabel("Your PO number").FillAsync("QJ-" + Guid.NewGuid().ToString("N")[..8]);
        await buyer.GetByTestId("accept-button").ClickAsync();
        await buyer.WaitForURLAsync(new Regex("/Ordering/OrderDetail/"));
        await Assertions.Expect(buyer.GetByRole(AriaRole.Status)).ToContainTextAsync($"Quote {number} accepted: order");
        await Assertions.Expect(buyer.GetByTestId("order-lines").Locator("tbody tr")).ToHaveCountAsync(1);
        await JourneySteps.AssertNoSidewaysScrollAsync(buyer, width);

        // The quote now names its order.
        await buyer.GotoAsync($"/Quotes/Detail/{number}");
        await Assertions.Expect(buyer.GetByTestId("quote-state")).ToHaveTextAsync("Ordered");
    });



    /// <summary>"1,234.50 EUR" or "EUR 1,234.50" → 1234.50.</summary>
    private static decimal ParseMoney(string? text) =>
        decimal.Parse(Amount().Match(text ?? "").Value, NumberStyles.Number, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"-?[\d,]+(\.\d+)?")]
    private static partial Regex Amount();
}
