using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>
/// The notification centre in a real browser, at 1280 px and on a 390 px phone: Contoso's buyer places an order, the
/// header counts it unread, the centre lists the "placed" mail newest first, opening it leads to the order and marks
/// it read, and "Mark all read" clears the count; the preferences page saves a choice. Nothing scrolls sideways.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class NotificationJourneyTests(BrowserFixture browser)
{
    public static TheoryData<int> Widths => new() { 1280, 390 };

    [Theory]
    [MemberData(nameof(Widths))]
    public Task A_buyer_finds_his_order_mail_in_the_centre_opens_it_and_marks_everything_read(int width) => BrowserFixture.JourneyAsync(async () =>
    {
        var buyer = await browser.SignedInAsync("buyer@contoso.example", viewport: new ViewportSize { Width = width, Height = 900 });
        await JourneySteps.EmptyCartAsync(buyer);
        await JourneySteps.QuickOrderToCheckoutAsync(buyer, "HEX-000007,10");
        await buyer.GetByTestId("place-order").ClickAsync();
        await buyer.WaitForURLAsync(OrderUrl());
        var number = Uri.UnescapeDataString(OrderUrl().Match(buyer.Url).Groups[1].Value);

        // The header counts it (on a phone the link sits in the collapsed menu: the badge is there all the same).
        await Assertions.Expect(buyer.GetByTestId("unread-count")).ToHaveCountAsync(1);
        await buyer.GotoAsync("/Notifications");
        var newest = buyer.GetByTestId("notification").First;
        await Assertions.Expect(newest).ToContainTextAsync($"Order {number} placed");
        await Assertions.Expect(newest).ToHaveAttributeAsync("data-unread", "true");
        await JourneySteps.AssertNoSidewaysScrollAsync(buyer, width);

        await newest.GetByText("Read the message").ClickAsync();
        await Assertions.Expect(newest.Locator(".notification-body")).ToContainTextAsync(number);
        await newest.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await buyer.WaitForURLAsync($"**/Ordering/OrderDetail/{number}");

        await buyer.GotoAsync("/Notifications");
        await Assertions.Expect(buyer.GetByTestId("notification").First).ToHaveAttributeAsync("data-unread", "false");
        if (await buyer.GetByTestId("read-all").CountAsync() > 0)
        {
            await buyer.GetByTestId("read-all").ClickAsync();
            await Assertions.Expect(buyer.GetByRole(AriaRole.Status)).ToContainTextAsync("marked read");
        }

        await Assertions.Expect(buyer.GetByTestId("unread-count")).ToHaveCountAsync(0);
        await Assertions.Expect(buyer.GetByTestId("unread-summary")).ToContainTextAsync("Nothing unread.");

        await buyer.GetByRole(AriaRole.Link, new() { Name = "How they reach you" }).ClickAsync();
        await JourneySteps.AssertNoSidewaysScrollAsync(buyer, width);
        var quotesByEmail = buyer.GetByLabel("Quotes by e-mail");
        await quotesByEmail.UncheckAsync();
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(buyer.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved.");
        await Assertions.Expect(buyer.GetByLabel("Quotes by e-mail")).Not.ToBeCheckedAsync();
        await Assertions.Expect(buyer.GetByLabel("Quotes in the portal")).ToBeCheckedAsync();
        await buyer.GetByLabel("Quotes by e-mail").CheckAsync();
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(buyer.GetByLabel("Quotes by e-mail")).ToBeCheckedAsync();
    });

    [GeneratedRegex(@"/Ordering/OrderDetail/([^/?#]+)")]
    private static partial Regex OrderUrl();
}
