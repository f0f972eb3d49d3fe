namespace B2BPortal.Tests.Fixtures;

/// <summary>The drift check itself: a stale or missing generated file fails with the command that regenerates it.</summary>
public sealed class GeneratedDocsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("generated-docs-").FullName;

    [Fact]
    public void A_committed_file_that_differs_from_the_generated_one_fails_and_says_how_to_regenerate()
    {
        File.WriteAllText(Path.Combine(_root, "a.md"), "# A\nold line\n");
        var files = new Dictionary<string, string> { ["a.md"] = "# A\nnew line\n", ["b.md"] = "# B\n" };

        var ex = Assert.ThrowsAny<Exception>(() => GeneratedDocs.AssertCurrent(_root, "SomeTests.Writes", files, update: false));

        Assert.Contains("a.md (first difference at line 2)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("b.md (missing)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("UPDATE_WORKFLOW_DOCS=1 dotnet test tests/B2BPortal.Tests --filter \"FullyQualifiedName~SomeTests.Writes\"", ex.Message, StringComparison.Ordinal);
        Assert.Equal("# A\nold line\n", File.ReadAllText(Path.Combine(_root, "a.md")));
    }

    [Fact]
    public void Asked_to_update_it_rewrites_the_files_and_then_they_are_current()
    {
        File.WriteAllText(Path.Combine(_root, "a.md"), "# A\r\nold\r\n");
        var files = new Dictionary<string, string> { ["a.md"] = "# A\nnew\n", ["sub/b.md"] = "# B\n" };

        GeneratedDocs.AssertCurrent(_root, "SomeTests.Writes", files, update: true);

        Assert.Equal("# A\nnew\n", File.ReadAllText(Path.Combine(_root, "a.md")));
        GeneratedDocs.AssertCurrent(_root, "SomeTests.Writes", files, update: false);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
