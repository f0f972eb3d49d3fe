using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>
/// A return in a real browser, over Acme's delivered demo order (DemoOrdersSeeder PO-DEMO-1001, whose returns
/// DemoReturnsSeeder leaves its third line free): the buyer asks to return one unit with a photo, the administrator
/// approves it and marks the goods received from the return's page, and the buyer sees each state, the photo and that the
/// credit memo is on its way to the ERP. On a 1280 px screen and a 390 px phone, without sideways scrolling and with
/// nothing refused by the Content-Security-Policy. Each run takes one unit of whatever line is left to return.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ReturnJourneyTests(BrowserFixture browser)
{
    private const string Buyer = "buyer@acme.example";
    private const string Admin = "admin@b2bportal.example";

    /// <summary>A 1×1 PNG: what a phone's camera sends, only smaller.</summary>
    private static readonly byte[] Photo = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public Task A_buyer_returns_a_delivered_line_with_a_photo_staff_approve_and_receive_it_and_the_buyer_sees_each_state(int width) => BrowserFixture.JourneyAsync(async () =>
    {
        var violations = new List<string>();
        var viewport = new ViewportSize { Width = width, Height = 900 };
        var buyer = await browser.SignedInAsync(Buyer, violations, viewport);
        var admin = await browser.SignedInAsync(Admin, violations, viewport);

        // The buyer's returns list names the delivered order; its page offers "Return items".
        await buyer.GotoAsync("/Returns");
        await JourneySteps.AssertNoSidewaysScrollAsync(buyer, width);
        var order = (await buyer.GetByTestId("returns").Locator("tbody tr").First.Locator("td").Nth(1).InnerTextAsync()).Trim();
        await buyer.GotoAsync($"/Ordering/OrderDetail/{Uri.EscapeDataString(order)}");
        await buyer.GetByTestId("return-items").ClickAsync();
        await buyer.WaitForURLAsync("**/Returns/Request/**");
        await JourneySteps.AssertNoSidewaysScrollAsync(buyer, width);

        // One unit of the first line with something left to return, damaged, with a photo.
        var quantity = buyer.Locator("[data-testid=return-form] input[type=number]:not([disabled])").First;
        await quantity.FillAsync("1");
        var row = buyer.Locator("[data-testid=return-lines] tbody tr").Filter(new() { Has = buyer.Locator("input[type=number]:not([disabled])") }).First;
        await row.Locator("select").SelectOptionAsync("Damaged");
        await buyer.GetByLabel("Comment").FillAsync($"Cracked housing (journey at {width} px)");
        await buyer.Locator("#Photos").SetInputFilesAsync(new FilePayload { Name = "cracked.png", MimeType = "image/png", Buffer = Photo });
        await buyer.GetByTestId("request-return").ClickAsync();
        await buyer.WaitForURLAsync(DetailUrl());
        var number = Uri.UnescapeDataString(DetailUrl().Match(buyer.Url).Groups[1].Value);
        await Assertions.Expect(buyer.GetByTestId("return-state")).ToHaveTextAsync("Requested");
        await Assertions.Expect(buyer.GetByTestId("photos").Locator("img")).ToHaveCountAsync(1);
        Assert.True(await buyer.GetByTestId("photos").Locator("img").EvaluateAsync<bool>("i => i.complete && i.naturalWidth === 1"), "the photo does not show");
        await JourneySteps.AssertNoSidewaysScrollAsync(buyer, width);

        // Staff: the queue lists it; its page approves it, then marks the goods received.
        await admin.GotoAsync("/Returns/Queue");
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = number, Exact = true })).ToBeVisibleAsync();
        await JourneySteps.AssertNoSidewaysScrollAsync(admin, width);
        await admin.GetByRole(AriaRole.Link, new() { Name = number, Exact = true }).ClickAsync();
        await admin.WaitForURLAsync(DetailUrl());
        await admin.GetByLabel("Reason or note (required to reject)").FillAsync("Please send it back with the label we e-mailed");
        await admin.GetByTestId("action-Approve").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("return-state")).ToHaveTextAsync("Approved");

        await buyer.ReloadAsync();
        await Assertions.Expect(buyer.GetByTestId("return-state")).ToHaveTextAsync("Approved");
        await Assertions.Expect(buyer.Locator("main")).ToContainTextAsync("Please send it back with the label we e-mailed");

        await admin.GetByTestId("action-Receive").ClickAsync();
        await Assertions.Expect(admin.GetByTestId("return-state")).ToHaveTextAsync("Received");
        await JourneySteps.AssertNoSidewaysScrollAsync(admin, width);

        // The buyer sees the goods arrived and the credit memo on its way to the ERP.
        await buyer.ReloadAsync();
        await Assertions.Expect(buyer.GetByTestId("return-state")).ToHaveTextAsync("Received");
        await Assertions.Expect(buyer.GetByTestId("erp-status")).ToContainTextAsync("credit memo");
        await JourneySteps.AssertNoSidewaysScrollAsync(buyer, width);
        await buyer.GotoAsync("/Returns");
        await Assertions.Expect(buyer.GetByTestId("returns").Locator("tr", new() { HasText = number })).ToContainTextAsync("Received");
        Assert.Empty(violations);
    });

    [GeneratedRegex(@"/Returns/Detail/([^/?#]+)$")]
    private static partial Regex DetailUrl();
}
