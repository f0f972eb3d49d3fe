using System.Text.Json;
using B2BPortal.Tests.Fixtures;

namespace B2BPortal.Tests.Spreadsheets;

/// <summary>
/// What the shipped projects really resolve, read from NuGet's project.assets.json after restore: a package that parses
/// files buyers upload must not bring a vulnerable System.Drawing.Common back in (CVE-2021-24112, fixed in 5.0.3/6.0).
/// </summary>
public sealed class DependencyGraphTests
{
    private static readonly Version FixedSystemDrawing = new(6, 0, 0);

    [Theory]
    [InlineData("Portal")]
    [InlineData("Jobs")]
    [InlineData("Integration")]
    public void No_System_Drawing_Common_older_than_the_fixed_version_is_resolved(string project)
    {
        var assets = Path.Combine(Repository.Root, project, "obj", "project.assets.json");
        Assert.True(File.Exists(assets), $"{assets} is missing: restore the solution first.");
        using var json = JsonDocument.Parse(File.ReadAllText(assets));

        var resolved = json.RootElement.GetProperty("targets").EnumerateObject()
            .SelectMany(target => target.Value.EnumerateObject().Select(library => library.Name))
            .Where(name => name.StartsWith("System.Drawing.Common/", StringComparison.OrdinalIgnoreCase))
            .Distinct()
            .ToList();

        var vulnerable = resolved.Where(name => Version.Parse(name.Split('/')[1].Split('-')[0]) < FixedSystemDrawing).ToList();
        Assert.True(vulnerable.Count == 0,
            $"{project} resolves {string.Join(", ", vulnerable)} (CVE-2021-24112). Find what pulls it in (dotnet list {project} package --include-transitive) " +
            $"and update it, or pin System.Drawing.Common >= {FixedSystemDrawing} in Directory.Packages.props.");
    }
}
