using System.Net;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Web;

/// <summary>A Portal that locks an account after 3 failed sign-ins (no demo data: the tests create their users).</summary>
public sealed class LockoutPortal() : PortalFactory(DatabaseProvider.Sqlite)
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Identity:LockoutMaxFailedAttempts"] = "3",
        ["DemoData:LoadOnEmptyDatabase"] = "false",
    };
}

/// <summary>A Portal that allows 3 sign-in posts per minute per client address (no demo data: none is needed).</summary>
public sealed class ThrottledPortal() : PortalFactory(DatabaseProvider.Sqlite)
{
    public const int Limit = 3;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Identity:SignInAttemptsPerMinute"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DemoData:LoadOnEmptyDatabase"] = "false",
    };
}

public sealed class LockoutTests(LockoutPortal portal) : IClassFixture<LockoutPortal>
{
    private const string LockedMessage = "Too many failed sign-ins: this account is locked for a while.";

    [Fact]
    public async Task The_third_wrong_password_locks_the_account_and_then_even_the_right_one_is_refused()
    {
        const string email = "locks.out@example.com";
        await TestUsers.CreateAsync(portal, email, "SalesRep", null);
        var client = portal.Anonymous();

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var wrong = await SignInAsync(client, email, "Wrong-password-1");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            var html = await wrong.Content.ReadAsStringAsync();
            Assert.Contains("The e-mail or password is not right.", html, StringComparison.Ordinal);
            Assert.DoesNotContain(LockedMessage, html, StringComparison.Ordinal);
        }

        var third = await SignInAsync(client, email, "Wrong-password-1");
        Assert.Contains(LockedMessage, await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var right = await SignInAsync(client, email, Portal.Infrastructure.DemoData.DemoDataSeeder.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(LockedMessage, await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var scope = portal.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Users.AsNoTracking().SingleAsync(u => u.Email == email);
        Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(10), $"locked until {user.LockoutEnd}; the default is 15 minutes");
    }

    [Fact]
    public async Task Failures_below_the_limit_do_not_lock_and_a_good_sign_in_resets_the_count()
    {
        const string email = "stays.in@example.com";
        await TestUsers.CreateAsync(portal, email, "SalesRep", null);
        var client = portal.Anonymous();

        await SignInAsync(client, email, "Wrong-password-1");
        await SignInAsync(client, email, "Wrong-password-1");
        var good = await SignInAsync(client, email, Portal.Infrastructure.DemoData.DemoDataSeeder.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);

        var other = portal.Anonymous();
        await SignInAsync(other, email, "Wrong-password-1");
        await SignInAsync(other, email, "Wrong-password-1");
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(portal.Anonymous(), email, Portal.Infrastructure.DemoData.DemoDataSeeder.DemoPassword)).StatusCode);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        PortalFactory.PostFormAsync(client, "/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
}

public sealed class SignInThrottlingTests(ThrottledPortal portal) : IClassFixture<ThrottledPortal>
{
    [Fact]
    public async Task Sign_in_posts_beyond_the_limit_per_minute_get_429_while_the_form_still_shows()
    {
        var client = portal.Anonymous();
        var fields = new Dictionary<string, string> { ["Input.Email"] = "nobody@example.com", ["Input.Password"] = "Whatever-123" };

        for (var i = 0; i < ThrottledPortal.Limit; i++)
        {
            var allowed = await PortalFactory.PostFormAsync(client, "/Account/Login", fields);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        var throttled = await PortalFactory.PostFormAsync(client, "/Account/Login", fields);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Contains("Too many attempts", await throttled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);

        // The password-reset form shares the limit: it is the other way to probe accounts.
        var reset = await PortalFactory.PostFormAsync(client, "/Account/ForgotPassword", new Dictionary<string, string> { ["Email"] = "nobody@example.com" });
        Assert.Equal(HttpStatusCode.TooManyRequests, reset.StatusCode);
    }
}
