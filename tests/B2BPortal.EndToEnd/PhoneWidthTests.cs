using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>
/// On a 390 px phone no page of any role's menu scrolls sideways: wide tables scroll inside their own box or stack.
/// Every page of the menu is measured (document width against the viewport), so a page added later is measured too.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneWidthTests(BrowserFixture browser)
{
    private const int PhoneWidth = 390;

    [Theory]
    [InlineData("buyer@acme.example")]
    [InlineData("admin@acme.example")]
    [InlineData("admin@b2bportal.example")]
    [InlineData("rep@b2bportal.example")]
    [InlineData("accountant@b2bportal.example")]
    public Task No_menu_page_of_a_role_scrolls_sideways_on_a_phone(string email) => BrowserFixture.JourneyAsync(async () =>
    {
        var page = await browser.SignedInAsync(email, viewport: new ViewportSize { Width = PhoneWidth, Height = 844 });
        var links = await page.Locator("#mainNav a.nav-link").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.NotEmpty(links);

        var tooWide = new List<string>();
        foreach (var href in links.Distinct(StringComparer.Ordinal))
        {
            var response = await page.GotoAsync(href);
            Assert.True(response?.Ok, $"{href} answered {response?.Status}");
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            if (width > PhoneWidth)
            {
                var widest = await page.EvaluateAsync<string>(
                    "() => { let w = null; for (const e of document.querySelectorAll('main *')) { const r = e.getBoundingClientRect(); if (r.right > innerWidth + 1 && (!w || r.right > w.r)) w = { r: r.right, d: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') }; } return w ? w.d + ' reaches ' + Math.round(w.r) + ' px' : 'nothing in main'; }");
                tooWide.Add($"{href}: {width} px wide ({widest})");
            }
        }

        Assert.True(tooWide.Count == 0, $"Pages wider than {PhoneWidth} px for {email}:\n" + string.Join('\n', tooWide));
    });
}
