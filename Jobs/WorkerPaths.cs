namespace B2BPortal.Jobs;

/// <summary>
/// Where the worker's relative paths start. jobsettings.json names the Portal's SQLite file relative to the Jobs
/// project folder (<c>../Portal/App_Data/portal.db</c>); that must hold whether the worker is started from the
/// repository root, from Jobs/, or from its bin folder, so the base is the folder holding the project file when one
/// is found above the binaries (running from source), else the binaries' own folder (a published worker).
/// </summary>
internal static class WorkerPaths
{
    public static string ContentRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "B2BPortal.Jobs.csproj")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
