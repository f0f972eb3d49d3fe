using Microsoft.Playwright;
using Xunit.Abstractions;

namespace B2BPortal.EndToEnd;

/// <summary>
/// axe-core finds no WCAG 2.0/2.1 A or AA violation on any page: every menu page of five roles, the first detail page
/// each of their lists links to (an order, a quote, a customer, a statement…), the buyer's product, cart and checkout
/// with a line, and the signed-out pages. Pages are found from the menu and the lists, so a page added later is checked
/// too; a failure lists each violation with its page, rule id, impact and the selector of every element that breaks it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Theory]
    [InlineData("buyer@acme.example")]
    [InlineData("admin@acme.example")]
    [InlineData("admin@b2bportal.example")]
    [InlineData("rep@b2bportal.example")]
    [InlineData("accountant@b2bportal.example")]
    public Task No_menu_page_of_a_role_or_the_first_page_each_list_links_to_has_an_accessibility_violation(string email) => BrowserFixture.JourneyAsync(async () =>
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var page = await browser.SignedInAsync(email);
        var menu = await page.Locator("#mainNav a.nav-link").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.NotEmpty(menu);

        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var details = new List<string>();
        var violations = new List<AxeViolation>();
        foreach (var href in menu.Distinct(StringComparer.Ordinal))
        {
            await CheckAsync(page, href, visited, violations);

            // The first row link of each table on the page that leads to another page: an order, a quote, a customer…
            var links = await page.Locator("main table tbody").EvaluateAllAsync<string[]>(
                "bodies => bodies.map(b => [...b.querySelectorAll('a[href^=\"/\"]')].map(a => a.getAttribute('href')).find(h => new URL(h, location.href).pathname !== location.pathname)).filter(h => h)");
            details.AddRange(links);
        }

        var menuPages = visited.Count;
        foreach (var href in details.Distinct(StringComparer.Ordinal))
        {
            // Row links include downloads (XLSX, CSV, PDF): only HTML pages are checked, but every link must answer.
            var response = await page.Context.APIRequest.GetAsync(href);
            var (ok, status) = (response.Ok, response.Status);
            var type = response.Headers.TryGetValue("content-type", out var t) ? t : string.Empty;
            await response.DisposeAsync();
            Assert.True(ok, $"{href}, linked from a list, answered {status}");
            if (type.StartsWith("text/html", StringComparison.Ordinal))
            {
                await CheckAsync(page, href, visited, violations);
            }
            else
            {
                output.WriteLine($"{email}: not a page, not checked: {href} ({type})");
            }
        }

        output.WriteLine($"{email}: {visited.Count} pages checked in {clock.Elapsed.TotalSeconds:0.0} s (axe {_axeTime.TotalSeconds:0.0} s): {string.Join(", ", visited)}");
        Assert.True(visited.Count > menuPages, $"No list on {email}'s menu pages linked to a detail page");
        Assert.True(violations.Count == 0, $"{email}: " + Axe.Describe(violations));
    });

    [Fact]
    public Task A_buyers_order_and_quote_from_search_to_the_reps_review_have_no_accessibility_violation() => BrowserFixture.JourneyAsync(async () =>
    {
        var page = await browser.SignedInAsync("buyer@acme.example");
        await JourneySteps.EmptyCartAsync(page);
        var violations = new List<AxeViolation>();
        try
        {
            // Search results, then the product page, whose form puts a line in the cart.
            await page.GotoAsync($"/Catalog?q={browser.AcmeSku}");
            violations.AddRange(await Axe.RunAsync(page));
            await page.GotoAsync($"/Catalog/Product/{browser.AcmeSku}");
            violations.AddRange(await Axe.RunAsync(page));
            await page.GetByTestId("add-to-cart-form").GetByRole(AriaRole.Button).ClickAsync();
            await Assertions.Expect(page.GetByTestId("cart-count")).ToHaveTextAsync("1");

            // The cart with its line, then checkout with it.
            await page.GotoAsync("/Ordering/Cart");
            violations.AddRange(await Axe.RunAsync(page));
            await page.GetByTestId("to-checkout").ClickAsync();
            await page.WaitForURLAsync("**/Ordering/Checkout");
            await Assertions.Expect(page.GetByTestId("checkout-lines").Locator("tbody tr")).ToHaveCountAsync(1);
            violations.AddRange(await Axe.RunAsync(page));

            // The header's type-ahead open over the page: a listbox of suggestions.
            await page.GetByTestId("nav-search").FillAsync(browser.AcmeSku[..3]);
            await Assertions.Expect(page.Locator("[role=listbox] [role=option]").First).ToBeVisibleAsync();
            violations.AddRange(await Axe.RunAsync(page));
            await page.GetByTestId("nav-search").PressAsync("Escape");

            // Placed: the order page with its lines and timeline.
            await page.GetByLabel("Your PO number").FillAsync("A11Y-" + Guid.NewGuid().ToString("N")[..10]);
            await page.GetByTestId("place-order").ClickAsync();
            await page.WaitForURLAsync("**/Ordering/OrderDetail/**");
            var order = page.Url[(page.Url.LastIndexOf('/') + 1)..];
            await Assertions.Expect(page.GetByTestId("order-lines").Locator("tbody tr")).ToHaveCountAsync(1);
            violations.AddRange(await Axe.RunAsync(page));

            // A quote: the request form, then the quote the buyer is sent to.
            await page.GotoAsync("/Quotes/Request");
            violations.AddRange(await Axe.RunAsync(page));
            await page.GetByLabel("Lines", new() { Exact = true }).FillAsync($"{browser.AcmeSku} 20");
            await page.GetByRole(AriaRole.Button, new() { Name = "Request the quote" }).ClickAsync();
            await page.WaitForURLAsync("**/Quotes/Detail/Q-**");
            var quote = page.Url[(page.Url.LastIndexOf('/') + 1)..];
            await Assertions.Expect(page.GetByTestId("quote-state")).ToHaveTextAsync("Submitted");
            violations.AddRange(await Axe.RunAsync(page));

            // The sales rep's side: the order, the quote, and the quote in review with its price fields.
            var rep = await browser.SignedInAsync("rep@b2bportal.example");
            await rep.GotoAsync($"/Ordering/OrderDetail/{order}");
            violations.AddRange(await Axe.RunAsync(rep));
            await rep.GotoAsync($"/Quotes/Detail/{quote}");
            violations.AddRange(await Axe.RunAsync(rep));
            await rep.GetByTestId("action-StartReview").ClickAsync();
            await Assertions.Expect(rep.GetByTestId("quote-state")).ToHaveTextAsync("In review");
            violations.AddRange(await Axe.RunAsync(rep));
        }
        finally
        {
            await JourneySteps.EmptyCartAsync(page);
        }

        Assert.True(violations.Count == 0, Axe.Describe(violations));
    });

    [Fact]
    public Task A_phone_width_page_with_the_menu_open_has_no_accessibility_violation() => BrowserFixture.JourneyAsync(async () =>
    {
        var page = await browser.SignedInAsync("admin@acme.example", viewport: new ViewportSize { Width = 390, Height = 844 });
        await page.GotoAsync("/Ordering/Orders");
        await page.GetByRole(AriaRole.Button, new() { Name = "Toggle navigation" }).ClickAsync();
        await Assertions.Expect(page.Locator("#mainNav")).ToBeVisibleAsync();

        await Axe.AssertNoViolationsAsync(page);
    });

    [Fact]
    public Task Signed_out_pages_have_no_accessibility_violation() => BrowserFixture.JourneyAsync(async () =>
    {
        var page = await browser.NewPageAsync();
        var violations = new List<AxeViolation>();
        foreach (var url in new[] { "/Account/Login", "/Account/ForgotPassword", "/no/such/page", "/Status/413" })
        {
            await page.GotoAsync(url);
            violations.AddRange(await Axe.RunAsync(page));
        }

        // A failed sign-in: the form again with its error summary and the fields marked.
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail").FillAsync("nobody@example.com");
        await page.GetByLabel("Password").FillAsync("wrong password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("The e-mail or password is not right.");
        violations.AddRange(await Axe.RunAsync(page));

        Assert.True(violations.Count == 0, Axe.Describe(violations));
    });

    [Fact]
    public Task Every_control_reached_by_the_keyboard_shows_a_focus_ring() => BrowserFixture.JourneyAsync(async () =>
    {
        // Bootstrap swaps the outline of buttons, inputs and nav links for a faint glow; site.css puts a 3 px ring back.
        var page = await browser.SignedInAsync("buyer@acme.example");
        await page.GotoAsync("/Catalog");
        var faint = new List<string>();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 25; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string[]>(
                "() => { const e = document.activeElement, s = getComputedStyle(e); return [e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' ' + (e.textContent || e.value || '').trim().slice(0, 30), s.outlineStyle, s.outlineWidth]; }");
            reached.Add(focused[0]);
            if (focused[1] != "solid" || focused[2] != "3px")
            {
                faint.Add($"{focused[0]}: outline {focused[1]} {focused[2]}");
            }
        }

        // Links, the search box, buttons and form fields of the menu and the catalog were all reached.
        Assert.True(reached.Count >= 10, string.Join('\n', reached));
        Assert.True(faint.Count == 0, "Controls without a visible focus ring:\n" + string.Join('\n', faint));
    });

    [Fact]
    public Task The_check_finds_a_violation_put_into_a_page() => BrowserFixture.JourneyAsync(async () =>
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.EvaluateAsync("() => { const i = document.createElement('input'); i.id = 'unlabelled'; document.querySelector('main').append(i); }");

        var violations = await Axe.RunAsync(page);

        var label = Assert.Single(violations, v => v.Rule == "label");
        Assert.Equal("/Account/Login", label.Page);
        Assert.Equal("critical", label.Impact);
        Assert.Equal("#unlabelled", Assert.Single(label.Nodes).Target);
    });

    private TimeSpan _axeTime;

    private async Task CheckAsync(IPage page, string href, HashSet<string> visited, List<AxeViolation> violations)
    {
        if (!visited.Add(href))
        {
            return;
        }

        var response = await page.GotoAsync(href);
        Assert.True(response?.Ok, $"{href} answered {response?.Status}");
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        violations.AddRange(await Axe.RunAsync(page));
        _axeTime += System.Diagnostics.Stopwatch.GetElapsedTime(start);
    }
}
