using System.Text.RegularExpressions;
using B2BPortal.Tests.Fixtures;

namespace B2BPortal.Tests.Web;

/// <summary>
/// The stylesheet every page loads is edited by several branches at once: a block that loses its closing brace in a
/// merge silently swallows every rule after it (a print-only block once hid the phone layout of the cart).
/// </summary>
public sealed partial class StylesheetTests
{
    [Fact]
    public void Every_block_of_the_sites_stylesheet_is_closed_where_it_opens()
    {
        var css = Comments().Replace(File.ReadAllText(Path.Combine(Repository.Root, "Portal", "wwwroot", "css", "site.css")), string.Empty);
        var depth = 0;
        var line = 1;
        foreach (var c in css)
        {
            depth += c switch { '{' => 1, '}' => -1, _ => 0 };
            Assert.True(depth >= 0, $"site.css closes a block it never opened, at line {line}.");
            line += c == '\n' ? 1 : 0;
        }

        Assert.True(depth == 0, $"site.css leaves {depth} block(s) open at its end.");
    }

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();
}
