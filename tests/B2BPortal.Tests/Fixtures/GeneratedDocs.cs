namespace B2BPortal.Tests.Fixtures;

/// <summary>
/// Files in docs/ that code generates (workflow diagrams): a test states what the file must hold and this compares it with
/// the committed file, failing on any difference, so a changed machine cannot leave a stale diagram behind. With
/// <c>UPDATE_WORKFLOW_DOCS=1</c> it rewrites the files instead; commit them with the change that moved them.
/// </summary>
public static class GeneratedDocs
{
    public const string UpdateVariable = "UPDATE_WORKFLOW_DOCS";

    /// <summary>Compares (or, when asked to, rewrites) each file under the repository root; throws naming every stale file.</summary>
    /// <param name="generatedBy">The test that generates the files, for the regenerate command in the failure message.</param>
    public static void AssertCurrent(string generatedBy, IReadOnlyDictionary<string, string> files) =>
        AssertCurrent(Repository.Root, generatedBy, files, Environment.GetEnvironmentVariable(UpdateVariable) == "1");

    internal static void AssertCurrent(string root, string generatedBy, IReadOnlyDictionary<string, string> files, bool update)
    {
        var stale = new List<string>();
        foreach (var (relative, content) in files)
        {
            var path = Path.Combine(root, relative);
            var expected = content.ReplaceLineEndings("\n");
            var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : null;
            if (committed == expected)
            {
                continue;
            }

            if (update)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, expected);
            }
            else
            {
                stale.Add(committed is null ? $"{relative} (missing)" : $"{relative} (first difference at line {FirstDifferentLine(committed, expected)})");
            }
        }

        if (stale.Count > 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"Generated documentation is out of date: {string.Join(", ", stale)}.{Environment.NewLine}"
                + $"Regenerate and commit it: {UpdateVariable}=1 dotnet test tests/B2BPortal.Tests --filter \"FullyQualifiedName~{generatedBy}\"");
        }
    }

    private static int FirstDifferentLine(string committed, string expected)
    {
        var a = committed.Split('\n');
        var b = expected.Split('\n');
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        return i + 1;
    }
}
