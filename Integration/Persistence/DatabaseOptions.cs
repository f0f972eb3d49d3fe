using System.ComponentModel.DataAnnotations;

namespace B2BPortal.Integration.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSQL,
}

/// <summary>The <c>Database</c> configuration section (README: Configuration).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Sqlite (default, embedded), SqlServer (production) or PostgreSQL.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The connection string. For Sqlite a relative Data Source is resolved against the app's content root;
    /// the default is a file in the git-ignored App_Data folder.
    /// </summary>
    [Required]
    public string ConnectionString { get; set; } = "Data Source=App_Data/portal.db";

    /// <summary>Apply pending migrations when the app starts (default: only in Development).</summary>
    public bool? MigrateOnStart { get; set; }

    /// <summary>Seconds a command may run before it is cancelled.</summary>
    [Range(1, 3600)]
    public int CommandTimeoutSeconds { get; set; } = 30;
}
