using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>
/// The order spine in a real browser: quick order to placed order, an order above the buyer's limit approved by the
/// company's BuyerAdmin, and another company's order refused by URL. Every test signs in its own users in their own
/// browser contexts and finds its order by the number the page shows after placing it, so the tests do not depend on
/// each other or on their order; the database is shared by the whole browser collection.
/// </summary>
/// <remarks>
/// SKUs come from the demo seeder (DemoCatalogGenerator, DemoPricingSeeder): HEX-000001…000060 are Hex Bolts and
/// MAC-000061… Machine Screws (Fasteners: in Acme's and Contoso's catalogs, ordered in tens, minimum 10; Acme's first five
/// fasteners in fifties from 100), CLE-001441… Cleaning Chemicals (Janitorial: Borealis's catalog, not Acme's).
/// </remarks>
[Collection(BrowserCollection.Name)]
public sealed partial class OrderingJourneyTests(BrowserFixture browser)
{
    [Fact]
    public Task A_buyer_pastes_lines_fixes_the_flagged_ones_checks_out_and_finds_the_placed_order_in_the_history() => BrowserFixture.JourneyAsync(async () =>
    {
        var page = await browser.SignedInAsync("buyer@acme.example");
        await JourneySteps.EmptyCartAsync(page);

        // Quick order: five pasted lines, two good, one breaking Acme's carton rule, one unknown, one outside Acme's catalog.
        await page.GotoAsync("/Ordering/QuickOrder");
        await page.GetByLabel("Lines", new() { Exact = true }).FillAsync("HEX-000006,20\nMAC-000061,30\nHEX-000001,7\nNOPE-424242,5\nCLE-001441,2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check lines" }).ClickAsync();
        var summary = page.GetByTestId("import-summary");
        await Assertions.Expect(summary).ToContainTextAsync("2 ready to add");
        await Assertions.Expect(summary).ToContainTextAsync("1 quantity rule");
        // A SKU that does not exist and one of another company's catalog get the same answer: neither is revealed.
        await Assertions.Expect(summary).ToContainTextAsync("2 not in your catalog");
        var ruleRow = ImportRow(page, "HEX-000001");
        await Assertions.Expect(ruleRow).ToContainTextAsync("Quantity rule");
        await Assertions.Expect(ruleRow).ToContainTextAsync("The minimum order quantity is 100.");
        await Assertions.Expect(ruleRow.Locator("strong")).ToHaveTextAsync("Suggested: 100");
        await Assertions.Expect(ImportRow(page, "NOPE-424242")).ToContainTextAsync("Not in your catalog");
        await Assertions.Expect(ImportRow(page, "CLE-001441")).ToContainTextAsync("Not in your catalog");
        await Assertions.Expect(page.GetByTestId("add-to-cart")).ToHaveTextAsync("Add 2 lines to cart");

        // Fix: take the suggested 100, drop the two lines that cannot be ordered, check again.
        var suggestion = (await ruleRow.Locator("strong").TextContentAsync())!.Replace("Suggested:", "", StringComparison.Ordinal).Trim();
        await page.GetByLabel("Lines", new() { Exact = true }).FillAsync($"HEX-000006,20\nMAC-000061,30\nHEX-000001,{suggestion}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check lines" }).ClickAsync();
        await Assertions.Expect(summary).ToContainTextAsync("3 ready to add");
        await Assertions.Expect(summary).ToContainTextAsync("0 quantity rule");
        await Assertions.Expect(summary).ToContainTextAsync("0 not in your catalog");
        await Assertions.Expect(page.GetByTestId("import-lines").Locator("tbody tr")).ToHaveCountAsync(3);

        // Into the cart: nothing was there before, so exactly the three checked lines with their quantities.
        await page.GetByTestId("add-to-cart").ClickAsync();
        await page.WaitForURLAsync("**/Ordering/Cart");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("3 lines added to your cart.");
        var cartLines = page.GetByTestId("cart-lines").Locator("tbody tr");
        await Assertions.Expect(cartLines).ToHaveCountAsync(3);
        Assert.Equal(["HEX-000001", "HEX-000006", "MAC-000061"], (await cartLines.Locator("td.sku").AllTextContentsAsync()).Select(s => s.Trim()).Order(StringComparer.Ordinal));
        Assert.Equal("100", await page.GetByLabel("Quantity of HEX-000001").InputValueAsync());
        Assert.Equal("20", await page.GetByLabel("Quantity of HEX-000006").InputValueAsync());
        Assert.Equal("30", await page.GetByLabel("Quantity of MAC-000061").InputValueAsync());
        var cartTotal = ParseMoney(await page.GetByTestId("cart-total").TextContentAsync());

        // Checkout: a price and a line total on every line, adding up to the order total, which is the cart's.
        await page.GetByTestId("to-checkout").ClickAsync();
        await page.WaitForURLAsync("**/Ordering/Checkout");
        var checkoutRows = page.GetByTestId("checkout-lines").Locator("tbody tr");
        await Assertions.Expect(checkoutRows).ToHaveCountAsync(3);
        var lineTotals = new List<decimal>();
        foreach (var row in await checkoutRows.AllAsync())
        {
            var cells = row.Locator("td");
            var quantity = decimal.Parse((await cells.Nth(2).TextContentAsync())!.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            var unitPrice = ParseMoney(await cells.Nth(3).TextContentAsync());
            var lineTotal = ParseMoney(await cells.Nth(4).TextContentAsync());
            Assert.True(unitPrice > 0, $"no unit price on {await row.TextContentAsync()}");
            Assert.Equal(decimal.Round(quantity * unitPrice, 2), lineTotal);
            lineTotals.Add(lineTotal);
        }

        var checkoutTotal = ParseMoney(await page.GetByTestId("checkout-total").TextContentAsync());
        Assert.Equal(lineTotals.Sum(), checkoutTotal);
        Assert.Equal(cartTotal, checkoutTotal);

        // Acme requires a PO number; it also finds the order in the history.
        var po = "E2E-" + Guid.NewGuid().ToString("N")[..10];
        await page.GetByLabel("Your PO number").FillAsync(po);
        await page.GetByTestId("place-order").ClickAsync();
        var number = await OrderNumberAfterPlacingAsync(page);
        await Assertions.Expect(page.GetByTestId("order-state")).ToHaveTextAsync("Placed");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"Order {number}");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(po);
        await Assertions.Expect(page.GetByTestId("order-lines").Locator("tbody tr")).ToHaveCountAsync(3);
        Assert.Equal(checkoutTotal, ParseMoney(await page.GetByTestId("order-lines").Locator("tfoot th").Last.TextContentAsync()));
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("Alice Buyer");

        // The history, filtered by the PO number: this order, three lines, the same total, Placed.
        await page.GetByRole(AriaRole.Link, new() { Name = "Orders", Exact = true }).First.ClickAsync();
        await page.WaitForURLAsync("**/Ordering/Orders");
        await page.GetByLabel("PO number").FillAsync(po);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("Po=" + po));
        var historyRow = page.GetByTestId("orders").Locator("tbody tr");
        await Assertions.Expect(historyRow).ToHaveCountAsync(1);
        var historyCells = historyRow.Locator("td");
        Assert.Equal(number, (await historyCells.Nth(0).TextContentAsync())?.Trim());
        Assert.Equal("Alice Buyer", (await historyCells.Nth(3).TextContentAsync())?.Trim());
        Assert.Equal("3", (await historyCells.Nth(5).TextContentAsync())?.Trim());
        Assert.Equal(checkoutTotal, ParseMoney(await historyCells.Nth(6).TextContentAsync()));
        Assert.Equal("Placed", (await historyCells.Nth(7).TextContentAsync())?.Trim());
    });

    [Fact]
    public Task A_buyer_uploads_a_csv_order_file_keeps_the_good_lines_and_places_them() => BrowserFixture.JourneyAsync(async () =>
    {
        var page = await browser.SignedInAsync("buyer@acme.example");
        await JourneySteps.EmptyCartAsync(page);

        // A file as a buyer's purchasing system exports it: a header row, two good lines and one SKU nobody sells.
        await page.GotoAsync("/Ordering/QuickOrder");
        await page.GetByLabel("File of SKUs and quantities").SetInputFilesAsync(new FilePayload
        {
            Name = "weekly-order.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("SKU,Quantity\r\nHEX-000008,40\r\nMAC-000062,20\r\nNOPE-777777,3\r\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check file" }).ClickAsync();
        var summary = page.GetByTestId("import-summary");
        await Assertions.Expect(summary).ToContainTextAsync("2 ready to add");
        await Assertions.Expect(summary).ToContainTextAsync("1 not in your catalog");
        await Assertions.Expect(ImportRow(page, "NOPE-777777")).ToContainTextAsync("Not in your catalog");

        // The bad line stays behind; the good ones go to the cart with the file's quantities.
        await page.GetByTestId("add-to-cart").ClickAsync();
        await page.WaitForURLAsync("**/Ordering/Cart");
        await Assertions.Expect(page.GetByTestId("cart-lines").Locator("tbody tr")).ToHaveCountAsync(2);
        Assert.Equal("40", await page.GetByLabel("Quantity of HEX-000008").InputValueAsync());
        Assert.Equal("20", await page.GetByLabel("Quantity of MAC-000062").InputValueAsync());

        await page.GetByTestId("to-checkout").ClickAsync();
        await page.WaitForURLAsync("**/Ordering/Checkout");
        await page.GetByLabel("Your PO number").FillAsync("FILE-" + Guid.NewGuid().ToString("N")[..10]);
        await page.GetByTestId("place-order").ClickAsync();
        await OrderNumberAfterPlacingAsync(page);
        await Assertions.Expect(page.GetByTestId("order-state")).ToHaveTextAsync("Placed");
        await Assertions.Expect(page.GetByTestId("order-lines").Locator("tbody tr")).ToHaveCountAsync(2);
    });

    [Fact]
    public Task An_order_above_the_buyers_limit_waits_until_the_buyer_admin_approves_it_with_a_comment() => BrowserFixture.JourneyAsync(async () =>
    {
        var admin = await browser.SignedInAsync("admin@borealis.example");
        var buyer = await browser.SignedInAsync("buyer@borealis.example");
        // The BuyerAdmin gives Bianca an order limit of EUR 10.
        await admin.GotoAsync("/Ordering/Approvals");
        var limit = admin.GetByLabel("Order limit of Bianca Buyer");
        await limit.FillAsync("10");
        await limit.Locator("xpath=ancestor::form").GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Approval rule saved.");
        await Assertions.Expect(admin.GetByLabel("Order limit of Bianca Buyer")).ToHaveValueAsync("10");

        // Bianca orders 100 cleaning chemicals (rounded up to the pack size if there is one): well above EUR 10.
        await JourneySteps.EmptyCartAsync(buyer);
        await JourneySteps.QuickOrderToCheckoutAsync(buyer, "CLE-001441\t100", roundUpToPack: true);
        var total = ParseMoney(await buyer.GetByTestId("checkout-total").TextContentAsync());
        Assert.True(total > 10, $"the order total {total} is not above the limit of 10");
        await buyer.GetByTestId("place-order").ClickAsync();
        var number = await OrderNumberAfterPlacingAsync(buyer);
        await Assertions.Expect(buyer.GetByTestId("order-state")).ToHaveTextAsync("Pending approval");
        await Assertions.Expect(buyer.Locator("main")).ToContainTextAsync("above your order limit of EUR 10.00");

        // The BuyerAdmin finds it in the queue and approves it with a comment.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Approvals", Exact = true }).First.ClickAsync();
        var pending = admin.GetByTestId("pending").Locator("tbody tr").Filter(new() { Has = admin.GetByRole(AriaRole.Link, new() { Name = number, Exact = true }) });
        await Assertions.Expect(pending).ToHaveCountAsync(1);
        await Assertions.Expect(pending).ToContainTextAsync("Bianca Buyer");
        Assert.Equal(total, ParseMoney(await pending.Locator("td").Nth(3).TextContentAsync()));
        var comment = "Approved for the spring clean " + number;
        await admin.GetByLabel($"Comment on {number}").FillAsync(comment);
        await pending.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Order {number}: Placed.");
        await Assertions.Expect(pending).ToHaveCountAsync(0);

        // Bianca's order page: Placed, and the timeline names the approver and the comment.
        await buyer.ReloadAsync();
        await Assertions.Expect(buyer.GetByTestId("order-state")).ToHaveTextAsync("Placed");
        var approval = buyer.GetByTestId("timeline").Locator("li").Filter(new() { HasText = "Approved" });
        await Assertions.Expect(approval).ToHaveCountAsync(1);
        await Assertions.Expect(approval).ToContainTextAsync("Bruno Admin");
        await Assertions.Expect(approval.Locator("em")).ToHaveTextAsync(comment);
        await Assertions.Expect(buyer.GetByTestId("timeline")).ToContainTextAsync("Sent for approval");
    });

    [Fact]
    public Task A_buyer_who_opens_another_companys_order_by_its_address_gets_the_not_found_page() => BrowserFixture.JourneyAsync(async () =>
    {
        var contoso = await browser.SignedInAsync("buyer@contoso.example");
        var acme = await browser.SignedInAsync("buyer@acme.example");
        await JourneySteps.EmptyCartAsync(contoso);
        await JourneySteps.QuickOrderToCheckoutAsync(contoso, "HEX-000007,10");
        var po = "CONTOSO-" + Guid.NewGuid().ToString("N")[..8];
        await contoso.GetByLabel("Your PO number").FillAsync(po);
        await contoso.GetByTestId("place-order").ClickAsync();
        var number = await OrderNumberAfterPlacingAsync(contoso);
        await Assertions.Expect(contoso.GetByTestId("order-state")).ToHaveTextAsync("Placed");

        var response = await acme.GotoAsync($"/Ordering/OrderDetail/{number}");
        Assert.Equal(404, response?.Status);
        await Assertions.Expect(acme.Locator("h1")).ToHaveTextAsync("Page not found");
        var text = await acme.Locator("main").TextContentAsync() ?? string.Empty;
        Assert.DoesNotContain(po, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Contoso", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Carla Buyer", text, StringComparison.Ordinal);
    });


    private static async Task<string> OrderNumberAfterPlacingAsync(IPage page)
    {
        await page.WaitForURLAsync(OrderUrl());
        return Uri.UnescapeDataString(OrderUrl().Match(page.Url).Groups[1].Value);
    }

    private static ILocator ImportRow(IPage page, string sku) =>
        page.GetByTestId("import-lines").Locator("tbody tr").Filter(new() { Has = page.Locator("td.sku", new() { HasTextString = sku }) });

    /// <summary>Money as the pages show it: "EUR 1,234.56".</summary>
    private static decimal ParseMoney(string? text)
    {
        var match = MoneyText().Match(text ?? string.Empty);
        Assert.True(match.Success, $"no amount in '{text}'");
        return decimal.Parse(match.Groups[1].Value, NumberStyles.Number, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"/Ordering/OrderDetail/([^/?#]+)$")]
    private static partial Regex OrderUrl();

    [GeneratedRegex(@"EUR\s+([\d,]+\.\d{2})")]
    private static partial Regex MoneyText();
}
