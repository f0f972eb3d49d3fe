using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>
/// The Content-Security-Policy allows the portal's own script files and style sheets only. Chromium reports what it
/// refuses; on the main pages of every role, with their scripts at work (SKU suggestions, menus, the checkout button),
/// it refuses nothing, so nothing on them is broken by the policy.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture browser)
{
    [Fact]
    public Task The_browser_reports_an_injected_inline_script_so_the_listener_would_catch_a_real_one() => BrowserFixture.JourneyAsync(async () =>
    {
        var violations = new List<string>();
        var page = await browser.NewPageAsync(cspViolations: violations);
        await page.GotoAsync("/Account/Login");

        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = true'; document.body.append(s); document.body.setAttribute('style', 'color: red'); }");

        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("style", "color: red");
        Assert.Null(await page.EvaluateAsync<bool?>("() => window.injected"));
        await WaitForAsync(() => violations.Count >= 2);
        Assert.Contains(violations, v => v.Contains("script-src", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("style-src", StringComparison.Ordinal));
    });

    [Fact]
    public Task Signed_out_pages_raise_no_CSP_violation() => BrowserFixture.JourneyAsync(async () =>
    {
        var violations = new List<string>();
        var page = await browser.NewPageAsync(cspViolations: violations);

        foreach (var url in new[] { "/Account/Login", "/Account/ForgotPassword", "/no/such/page", "/Status/413" })
        {
            await page.GotoAsync(url);
        }

        // A failed sign-in shows the form again with its error summary.
        await page.GotoAsync("/Account/Login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    });

    [Fact]
    public Task A_buyers_pages_and_scripts_raise_no_CSP_violation() => BrowserFixture.JourneyAsync(async () =>
    {
        var violations = new List<string>();
        var page = await browser.SignedInAsync("buyer@contoso.example", violations);
        await VisitMenuAsync(page);

        // The catalog: search, a product, and into the cart.
        await page.GotoAsync("/Catalog?q=HEX");
        await page.GetByTestId("results").Locator("tbody tr").First.Locator("td.sku a").ClickAsync();
        await page.WaitForURLAsync("**/Catalog/Product/**");
        await page.GetByTestId("add-to-cart-form").GetByRole(AriaRole.Button).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        // Quick order: the SKU suggestions (fetch from a script file) and "Add line" fill the text box; a check shows the results.
        await page.GotoAsync("/Ordering/QuickOrder");
        await page.Locator("#sku-lookup").PressSequentiallyAsync("HEX-0000");
        await Assertions.Expect(page.Locator("#sku-suggestions option").First).ToBeAttachedAsync();
        await page.Locator("#sku-lookup").FillAsync("HEX-000007");
        await page.Locator("#sku-qty").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add line" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Lines", new() { Exact = true })).ToHaveValueAsync("HEX-000007\t10\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check lines" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("import-summary")).ToBeVisibleAsync();

        await page.GotoAsync("/Ordering/Cart");
        await page.GetByTestId("to-checkout").ClickAsync();
        await page.WaitForURLAsync("**/Ordering/Checkout");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    });

    [Theory]
    [InlineData("admin@acme.example")]
    [InlineData("admin@b2bportal.example")]
    [InlineData("rep@b2bportal.example")]
    [InlineData("accountant@b2bportal.example")]
    public Task Every_menu_page_of_a_role_raises_no_CSP_violation(string email) => BrowserFixture.JourneyAsync(async () =>
    {
        var violations = new List<string>();
        var page = await browser.SignedInAsync(email, violations);

        await VisitMenuAsync(page);
        if (email == "admin@b2bportal.example")
        {
            foreach (var url in new[] { "/Pricing/Edit", "/Pricing/Explain", "/Pricing/Groups", "/Pricing/QuantityRules" })
            {
                await page.GotoAsync(url);
            }

            await page.GotoAsync("/Pricing");
            await page.Locator("main table a").First.ClickAsync();
            await page.WaitForURLAsync("**/Pricing/Details/**");
            await page.GotoAsync("/Customers");
            await page.Locator("main table a").First.ClickAsync();
            await page.WaitForURLAsync("**/Customers/Details/**");
        }

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    });

    /// <summary>Opens every entry of the signed-in user's menu.</summary>
    private static async Task VisitMenuAsync(IPage page)
    {
        var links = await page.Locator("#mainNav a.nav-link").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.NotEmpty(links);
        foreach (var href in links)
        {
            var response = await page.GotoAsync(href);
            Assert.True(response?.Ok, $"{href} answered {response?.Status}");
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 50 && !condition(); i++)
        {
            await Task.Delay(100);
        }
    }
}
