using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace B2BPortal.Tests.Fixtures;

/// <summary>
/// The PostgreSQL server the database tests run against. test.sh starts one and passes its connection string in
/// B2BPORTAL_TEST_POSTGRES; when that is not set (a developer running `dotnet test` alone), a throwaway cluster is
/// started here from Debian's postgresql binaries and stopped when the test process exits.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "B2BPORTAL_TEST_POSTGRES";
    private const string BinDir = "/usr/lib/postgresql/15/bin";
    private static readonly Lazy<string> Server = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The server's admin connection string (database "postgres").</summary>
    public static string AdminConnectionString => Server.Value;

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, Pooling = true, MaxPoolSize = 20 }.ToString();

    private static string Start()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (!File.Exists(Path.Combine(BinDir, "initdb")))
        {
            throw new InvalidOperationException($"No PostgreSQL: set {EnvironmentVariable} or install Debian's postgresql (./test.sh does both).");
        }

        var dataDir = Path.Combine(Path.GetTempPath(), $"b2bportal-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDir);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            Run("chown", $"postgres:postgres {dataDir}", asPostgres: false);
        }

        var port = FreePort();
        Run(Path.Combine(BinDir, "initdb"), $"-D {dataDir} -A trust -U postgres --no-sync -E UTF8", asRoot);
        Run(Path.Combine(BinDir, "pg_ctl"), $"-D {dataDir} -w -l {dataDir}/server.log -o \"-p {port} -k {dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start", asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Run(Path.Combine(BinDir, "pg_ctl"), $"-D {dataDir} -m immediate stop", asRoot, throwOnError: false);
            Directory.Delete(dataDir, recursive: true);
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string args, bool asPostgres, bool throwOnError = true)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {args}")
            : new ProcessStartInfo(file, args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && throwOnError)
        {
            throw new InvalidOperationException($"{file} {args} failed ({process.ExitCode}): {error} {output.Result}");
        }
    }
}
