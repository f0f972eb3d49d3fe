using System.Text.Json;
using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>One rule axe-core found broken on a page, with the elements that break it.</summary>
public sealed record AxeViolation(string Page, string Rule, string Impact, string Help, IReadOnlyList<AxeNode> Nodes)
{
    public override string ToString() =>
        $"{Page}: {Rule} ({Impact}) {Help}" + string.Concat(Nodes.Select(n => $"{Environment.NewLine}    {n.Target} — {n.Summary}"));
}

/// <summary>An element a rule fails on: its CSS selector and axe-core's summary of what to fix.</summary>
public sealed record AxeNode(string Target, string Summary);

/// <summary>
/// axe-core (vendored, pinned: axe-core/axe.min.js, MPL-2.0, see axe-core/README.md) run in the page under test against
/// the WCAG 2.0 and 2.1 level A and AA rules. Any journey can call <see cref="AssertNoViolationsAsync"/> on the page it is on.
/// </summary>
public static class Axe
{
    /// <summary>The rule tags run: WCAG 2.0 and 2.1, levels A and AA.</summary>
    public static readonly IReadOnlyList<string> Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];

    private static readonly Lazy<string> Source = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "axe-core", "axe.min.js")));

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    /// <summary>
    /// Runs axe-core on the page as it is now and returns what it finds. The script goes in through the DevTools protocol
    /// (Playwright's evaluate), not as a &lt;script&gt; tag, so the page's Content-Security-Policy is left as it is.
    /// </summary>
    public static async Task<IReadOnlyList<AxeViolation>> RunAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            // The UMD bundle sets window.axe when run as the body of a function.
            await page.EvaluateAsync("() => {\n" + Source.Value + "\n}");
        }

        var json = await page.EvaluateAsync<string>(
            """
            async tags => {
                const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
                return JSON.stringify(result.violations.map(v => ({
                    rule: v.id, impact: v.impact || 'unknown', help: v.help,
                    nodes: v.nodes.map(n => ({ target: n.target.flat(Infinity).join(' >>> '), summary: (n.failureSummary || '').replace(/\s+/g, ' ').trim() })),
                })));
            }
            """,
            Tags);
        var found = JsonSerializer.Deserialize<List<Found>>(json, Json) ?? [];
        var where = new Uri(page.Url).PathAndQuery;
        return [.. found.Select(f => new AxeViolation(where, f.Rule, f.Impact, f.Help, f.Nodes))];
    }

    /// <summary>Fails, listing every rule, impact and element, when axe-core finds any violation on the page.</summary>
    public static async Task AssertNoViolationsAsync(IPage page)
    {
        var violations = await RunAsync(page);
        Assert.True(violations.Count == 0, Describe(violations));
    }

    /// <summary>The violations one per paragraph: page, rule id, impact, what the rule wants, then each element's selector.</summary>
    public static string Describe(IEnumerable<AxeViolation> violations)
    {
        var list = violations.ToList();
        return $"{list.Count} accessibility violation(s):{Environment.NewLine}" + string.Join(Environment.NewLine, list);
    }

    private sealed record Found(string Rule, string Impact, string Help, List<AxeNode> Nodes);
}
