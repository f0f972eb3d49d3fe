using Npgsql;

/// <summary>
/// A throwaway database per benchmark run: a SQLite file in the temp folder, or a PostgreSQL database created on the
/// server of B2BPORTAL_BENCH_POSTGRES (an admin connection string) and dropped afterwards. Linked into the bench projects.
/// </summary>
internal static class BenchDatabase
{
    public static async Task<(string ConnectionString, Func<Task> Drop)> CreateAsync(string provider)
    {
        var name = $"bench_{Guid.NewGuid():N}"[..20];
        if (provider == "Sqlite")
        {
            var file = Path.Combine(Path.GetTempPath(), name + ".db");
            return ($"Data Source={file}", () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var f in new[] { file, file + "-wal", file + "-shm" })
                {
                    File.Delete(f);
                }

                return Task.CompletedTask;
            });
        }

        var admin = Environment.GetEnvironmentVariable("B2BPORTAL_BENCH_POSTGRES")
            ?? throw new InvalidOperationException("Set B2BPORTAL_BENCH_POSTGRES to a PostgreSQL admin connection string.");
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
            await create.ExecuteNonQueryAsync();
        }

        return (new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString(), async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(admin);
            await conn.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
            await drop.ExecuteNonQueryAsync();
        });
    }
}
