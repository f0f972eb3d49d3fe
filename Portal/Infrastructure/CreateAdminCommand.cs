using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>
/// <c>dotnet run --project Portal -- create-admin --email ops@example.com [--name "Olga Ops"] [--password-stdin] [--additional]</c>:
/// the first Administrator of an installation. By default it prints a one-time link to choose the password (the
/// invitation link, valid for Identity:InvitationValidDays, its host from Mail:PublicBaseUrl); with --password-stdin
/// it reads the password from the first line of standard input instead. It refuses while an Administrator exists,
/// unless --additional says that another one is meant.
/// </summary>
public sealed class CreateAdminCommand(
    PortalDbContext db,
    UserManager<PortalUser> users,
    DatabaseMigrator migrator,
    AccountMails mails,
    TimeProvider clock,
    ILogger<CreateAdminCommand> logger)
{
    public const string Name = "create-admin";
    private const string Usage = "Usage: create-admin --email <address> [--name <display name>] [--password-stdin] [--additional]";

    /// <summary>Runs the command; the result is the process exit code (0 done, 1 refused, 2 wrong usage).</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var email = Option(args, "--email");
        if (string.IsNullOrWhiteSpace(email))
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }

        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            await error.WriteLineAsync("The database is not migrated. Run `dotnet run --project Portal -- migrate` first.");
            return 1;
        }

        await migrator.EnsureRolesAsync(ct);
        var admins = await users.GetUsersInRoleAsync(Roles.Administrator);
        if (admins.Count > 0 && !args.Contains("--additional"))
        {
            await error.WriteLineAsync($"An Administrator already exists ({string.Join(", ", admins.Select(a => a.Email))}). To add another one, repeat the command with --additional.");
            return 1;
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            await error.WriteLineAsync($"There is already a user with the address {email}.");
            return 1;
        }

        PortalUser user;
        try
        {
            user = PortalUser.CreateStaff(email, Option(args, "--name") ?? email, clock.GetUtcNow());
        }
        catch (Domain.Common.DomainException e)
        {
            await error.WriteLineAsync(e.Message);
            return 2;
        }

        var password = args.Contains("--password-stdin") ? await input.ReadLineAsync(ct) : null;
        var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            await error.WriteLineAsync($"No Administrator was created: {string.Join(" ", created.Errors.Select(e => e.Description))}");
            return 1;
        }

        var role = await users.AddToRoleAsync(user, Roles.Administrator);
        if (!role.Succeeded)
        {
            await users.DeleteAsync(user);
            await error.WriteLineAsync($"No Administrator was created: {string.Join(" ", role.Errors.Select(e => e.Description))}");
            return 1;
        }

        db.AuditEntries.Add(new AuditEntry(clock.GetUtcNow(), Name, "create-admin command", null, "User", user.Id, "Created", null, $"{email} as {Roles.Administrator}"));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Administrator {Email} created from the command line", email);

        if (password is not null)
        {
            await output.WriteLineAsync($"Administrator {email} created with the password from standard input. Sign in at /Account/Login.");
            return 0;
        }

        await output.WriteLineAsync($"Administrator {email} created. Open this link to choose the password (it works once):");
        await output.WriteLineAsync(await mails.WelcomeLinkAsync(user));
        return 0;
    }

    private static string? Option(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == name && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                return args[i + 1];
            }

            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 1)..];
            }
        }

        return null;
    }
}
