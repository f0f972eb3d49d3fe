namespace B2BPortal.Tests.Fixtures;

/// <summary>The checked-out repository the tests run from, for tests that read what the build produced (assets files, sources).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "B2BPortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("B2BPortal.sln not found above the test folder.");
    }
}
