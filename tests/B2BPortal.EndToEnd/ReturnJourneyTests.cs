using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using B2BPortal.Integration.Persistence;
using B2BPortal.Portal.Infrastructure.DemoData;
using B2BPortal.Tests.Fixtures;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>
/// A return in a real browser, over Acme's delivered demo order (DemoOrdersSeeder PO-DEMO-1001, whose returns
/// DemoReturnsSeeder leaves its third line free). The shared portal has no sample orders and a delivered order can only
/// come from the ERP and courier sync, so these journeys run on their own portal with the sample orders
/// (<see cref="SampleOrdersKestrelPortal"/>), in the shared browser and its collection. The buyer asks to return one unit with a photo, the administrator
/// approves it and marks the goods received from the return's page, and the buyer sees each state, the photo and that the
/// credit memo is on its way to the ERP. On a 1280 px screen and a 390 px phone, without sideways scrolling and with
/// nothing refused by the Content-Security-Policy. Each run takes one unit of whatever line is left to return.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ReturnJourneyTests(BrowserFixture browser, SampleOrdersKestrelPortal portal) : IClassFixture<SampleOrdersKestrelPortal>, IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

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
        var buyer = await SignedInAsync(Buyer, violations, viewport);
        var admin = await SignedInAsync(Admin, violations, viewport);

        // The buyer's returns list names the delivered order; its page offers "Return items".
        await buyer.GotoAsync("/Returns");
        await FitsAsync(buyer, width);
        var order = (await buyer.GetByTestId("returns").Locator("tbody tr").First.Locator("td").Nth(1).InnerTextAsync()).Trim();
        await buyer.GotoAsync($"/Ordering/OrderDetail/{Uri.EscapeDataString(order)}");
        await buyer.GetByTestId("return-items").ClickAsync();
        await buyer.WaitForURLAsync("**/Returns/Request/**");
        await FitsAsync(buyer, width);

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
        await Assertions.Expect(buyer.GetByTestId("photos").Locator("img")).ToHaveJSPropertyAsync("naturalWidth", 1); // loaded and shown
        await FitsAsync(buyer, width);

        // Staff: the queue lists it; its page approves it, then marks the goods received.
        await admin.GotoAsync("/Returns/Queue");
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new() { Name = number, Exact = true })).ToBeVisibleAsync();
        await FitsAsync(admin, width);
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
        await FitsAsync(admin, width);

        // The buyer sees the goods arrived and the credit memo on its way to the ERP.
        await buyer.ReloadAsync();
        await Assertions.Expect(buyer.GetByTestId("return-state")).ToHaveTextAsync("Received");
        await Assertions.Expect(buyer.GetByTestId("erp-status")).ToContainTextAsync("credit memo");
        await FitsAsync(buyer, width);
        await buyer.GotoAsync("/Returns");
        await Assertions.Expect(buyer.GetByTestId("returns").Locator("tr", new() { HasText = number })).ToContainTextAsync("Received");
        Assert.Empty(violations);
    });

    [GeneratedRegex(@"/Returns/Detail/([^/?#]+)$")]
    private static partial Regex DetailUrl();

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>No sideways scrolling (JourneySteps' check), naming the elements that stick out when there is.</summary>
    private static async Task FitsAsync(IPage page, int width)
    {
        var wider = await page.EvaluateAsync<string>(
            "w => document.documentElement.scrollWidth <= w ? '' : [...document.querySelectorAll('body *')].filter(e => !e.closest('.table-responsive') && (e.getBoundingClientRect().right > w + 1 || (e.scrollWidth > w && getComputedStyle(e).overflowX === 'visible')))"
            + ".slice(0, 6).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + '/' + e.scrollWidth).join('; ')", width);
        Assert.True(wider.Length == 0, $"{page.Url} sticks out on a {width}px screen: {wider}");
        await JourneySteps.AssertNoSidewaysScrollAsync(page, width);
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }
    }

    /// <summary>A page of the shared Chromium on this class's portal, signed in through the form; CSP refusals collected.</summary>
    private async Task<IPage> SignedInAsync(string email, List<string> cspViolations, ViewportSize viewport)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = portal.BaseUrl, ViewportSize = viewport, IgnoreHTTPSErrors = true });
        _contexts.Add(context);
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy violation: ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline code') + ' on ' + e.documentURI));");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && (message.Text.StartsWith("Refused to", StringComparison.Ordinal) || message.Text.Contains("Content Security Policy", StringComparison.Ordinal)))
            {
                cspViolations.Add($"{page.Url}: {message.Text}");
            }
        };
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DemoDataSeeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        return page;
    }
}

/// <summary>The Portal on Kestrel over https, like the shared one, but with the demo sample orders (a delivered one among them).</summary>
public sealed class SampleOrdersKestrelPortal : PortalFactory
{
    public SampleOrdersKestrelPortal()
        : base(DatabaseProvider.Sqlite) => UseKestrel(o => o.Listen(IPAddress.Loopback, 0, l => l.UseHttps(Certificate)));

    public X509Certificate2 Certificate { get; } = TestCertificates.CreateLoopback();

    public string BaseUrl
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        }
    }

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["DemoData:SampleOrders"] = "true" };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Certificate.Dispose();
        }
    }
}
