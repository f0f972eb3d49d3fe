using System.Net;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Persistence;
using B2BPortal.Portal.Infrastructure;
using B2BPortal.Portal.Infrastructure.DemoData;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Web;

/// <summary>A Portal started as an operator would start it: an environment of the test's choice, no demo data setting unless given.</summary>
public class InstallationPortal(DatabaseProvider provider, string environment, IReadOnlyDictionary<string, string?> settings) : PortalFactory(provider)
{
    protected override string EnvironmentName => environment;

    // Null removes PortalFactory's own DemoData:LoadOnEmptyDatabase=true: the portal sees what an operator's unset setting gives.
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>(settings) { ["DemoData:LoadOnEmptyDatabase"] = settings.GetValueOrDefault("DemoData:LoadOnEmptyDatabase") };
}

/// <summary>A Staging installation over an empty database that migrates at start, as after `-- migrate`.</summary>
public sealed class SqliteStagingPortal() : InstallationPortal(DatabaseProvider.Sqlite, "Staging", new Dictionary<string, string?>());

public sealed class PostgresStagingPortal() : InstallationPortal(DatabaseProvider.PostgreSQL, "Staging", new Dictionary<string, string?>());

public sealed class InstallationTests
{
    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Migrate_alone_gives_an_empty_database_the_portals_roles_once(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        await using (var services = database.CreateServices())
        {
            for (var run = 0; run < 2; run++)
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
            }
        }

        await using var db = database.CreateContext();
        var roles = await db.Roles.AsNoTracking().ToListAsync();
        Assert.Equal(Roles.All.Order(), roles.Select(r => r.Name!).Order());
        Assert.All(roles, r => Assert.Equal(r.Name!.ToUpperInvariant(), r.NormalizedName));
        Assert.False(await db.Users.AnyAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_Staging_start_that_migrates_an_empty_database_has_roles_and_no_demo_users(DatabaseProvider provider)
    {
        var portal = new InstallationPortal(provider, "Staging", new Dictionary<string, string?>());
        await portal.InitializeAsync();
        try
        {
            var response = await PortalFactory.PostFormAsync(portal.Anonymous(), "/Account/Login", new Dictionary<string, string>
            {
                ["Input.Email"] = DemoDataSeeder.DemoUsers[^1].Email,
                ["Input.Password"] = DemoDataSeeder.DemoPassword,
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            using var scope = portal.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.Equal(Roles.All.Count, await db.Roles.CountAsync());
            Assert.False(await db.Users.AnyAsync(), "no demo users outside Development unless an operator asks for them");
            Assert.False(await db.Companies.AnyAsync());
        }
        finally
        {
            await ((IAsyncLifetime)portal).DisposeAsync();
        }
    }

    [Fact]
    public async Task A_Production_start_with_demo_data_switched_on_fails_and_says_why()
    {
        var portal = new InstallationPortal(DatabaseProvider.Sqlite, "Production", new Dictionary<string, string?> { ["DemoData:LoadOnEmptyDatabase"] = "true" });
        await portal.InitializeAsync();
        try
        {
            var failure = Assert.ThrowsAny<Exception>(() => portal.Server);
            Assert.Contains("DemoData:LoadOnEmptyDatabase=true is refused in Production", failure.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await ((IAsyncLifetime)portal).DisposeAsync();
        }
    }
}

/// <summary>`dotnet run --project Portal -- create-admin`, its handler run in-process against the installation's database.</summary>
public abstract partial class CreateAdminTests<TPortal>(TPortal portal)
    where TPortal : InstallationPortal
{
    private const string Password = "Operator-Chosen-2026";

    [Fact]
    public async Task The_first_administrator_gets_a_one_time_link_and_another_needs_additional()
    {
        var first = await RunAsync(null, "--email", "ops@example.com", "--name", "Olga Ops");
        Assert.True(first.Code == 0, first.Error);
        var link = new Uri(Link().Match(first.Output).Value).PathAndQuery;
        Assert.StartsWith("/Account/AcceptInvitation?", link, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await AccountMailFlowTests.SetPasswordAsync(portal.Anonymous(), link, Password)).StatusCode);
        var admin = await portal.SignedInAsync("ops@example.com", Password);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Admin/Users")).StatusCode);
        var reused = await AccountMailFlowTests.SetPasswordAsync(portal.Anonymous(), link, "Someone-Else-2026");
        Assert.Contains("This link has expired or was already used.", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var refused = await RunAsync(null, "--email", "second@example.com");
        Assert.Equal(1, refused.Code);
        Assert.Contains("An Administrator already exists (ops@example.com)", refused.Error, StringComparison.Ordinal);
        Assert.False(await UserExistsAsync("second@example.com"));

        var additional = await RunAsync(Password + "\n", "--email", "second@example.com", "--additional", "--password-stdin");
        Assert.True(additional.Code == 0, additional.Error);
        Assert.DoesNotContain("http", additional.Output, StringComparison.Ordinal);
        await portal.SignedInAsync("second@example.com", Password);

        using var scope = portal.Services.CreateScope();
        Assert.Equal(2, await scope.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEntries.CountAsync(a => a.ActorId == CreateAdminCommand.Name && a.Action == "Created"));
    }

    [Fact]
    public async Task A_weak_password_or_a_missing_address_creates_nobody()
    {
        var weak = await RunAsync("short\n", "--email", "weak@example.com", "--additional", "--password-stdin");
        Assert.Equal(1, weak.Code);
        Assert.Contains("Passwords must be at least", weak.Error, StringComparison.Ordinal);
        Assert.False(await UserExistsAsync("weak@example.com"));

        var usage = await RunAsync(null, "--name", "Nobody");
        Assert.Equal(2, usage.Code);
        Assert.StartsWith("Usage: create-admin --email", usage.Error, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(string? input, params string[] args)
    {
        using var scope = portal.Services.CreateScope();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await scope.ServiceProvider.GetRequiredService<CreateAdminCommand>().RunAsync(args, new StringReader(input ?? string.Empty), output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    private async Task<bool> UserExistsAsync(string email)
    {
        var normalized = email.ToUpperInvariant();
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Users.AnyAsync(u => u.NormalizedEmail == normalized);
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}

public sealed class CreateAdminOnSqliteTests(SqliteStagingPortal portal) : CreateAdminTests<SqliteStagingPortal>(portal), IClassFixture<SqliteStagingPortal>;

public sealed class CreateAdminOnPostgresTests(PostgresStagingPortal portal) : CreateAdminTests<PostgresStagingPortal>(portal), IClassFixture<PostgresStagingPortal>;
