using System.Net;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Web;

/// <summary>
/// A Portal that locks an account after 3 failed sign-ins, allows 4 sign-in posts per minute per client address and
/// re-checks the user behind a sign-in cookie on every request (no demo data: the tests create their users). Each test signs in from its own address, so the limits do not meet.
/// </summary>
public sealed class StrictSignInPortal() : PortalFactory(DatabaseProvider.Sqlite)
{
    public const int PostsPerMinute = 4;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Identity:LockoutMaxFailedAttempts"] = "3",
        ["Identity:SignInAttemptsPerMinute"] = PostsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Identity:SessionRevalidationMinutes"] = "0",
        ["DemoData:LoadOnEmptyDatabase"] = "false",
    };
}

[CollectionDefinition(nameof(StrictSignInPortal))]
public sealed class StrictSignInCollection : ICollectionFixture<StrictSignInPortal>;

[Collection(nameof(StrictSignInPortal))]
public sealed class LockoutTests(StrictSignInPortal portal)
{
    private const string Refused = "The e-mail or password is not right.";

    [Fact]
    public async Task The_third_wrong_password_locks_the_account_and_then_even_the_right_one_is_refused()
    {
        const string email = "locks.out@example.com";
        await TestUsers.CreateAsync(portal, email, "SalesRep", null);
        var client = portal.AnonymousFrom(IPAddress.Parse("10.0.1.1"));

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var wrong = await SignInAsync(client, email, "Wrong-password-1");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains(Refused, await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty(MailPickup.To(portal, email));
        var third = await SignInAsync(client, email, "Wrong-password-1");
        Assert.Contains(Refused, await third.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The page says what it says to anyone; the owner learns of the lock by mail, once.
        var right = await SignInAsync(client, email, Portal.Infrastructure.DemoData.DemoDataSeeder.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(Refused, await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var notice = MailPickup.OnlyOne(portal, email, "Your B2BPortal account is locked");
        Assert.StartsWith("/Account/ResetPassword?", MailPickup.LinkPathAndQuery(notice), StringComparison.Ordinal);

        using var scope = portal.Services.CreateScope();
        var user = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Users.AsNoTracking().SingleAsync(u => u.Email == email);
        Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(10), $"locked until {user.LockoutEnd}; the default is 15 minutes");
    }

    [Fact]
    public async Task Failures_below_the_limit_do_not_lock_and_a_good_sign_in_resets_the_count()
    {
        const string email = "stays.in@example.com";
        await TestUsers.CreateAsync(portal, email, "SalesRep", null);
        var client = portal.AnonymousFrom(IPAddress.Parse("10.0.2.1"));

        await SignInAsync(client, email, "Wrong-password-1");
        await SignInAsync(client, email, "Wrong-password-1");
        var good = await SignInAsync(client, email, Portal.Infrastructure.DemoData.DemoDataSeeder.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);

        // Two more failures after the good sign-in: four in all, but the count restarted, so no lock.
        var other = portal.AnonymousFrom(IPAddress.Parse("10.0.2.2"));
        Assert.Contains("The e-mail or password is not right.", await (await SignInAsync(other, email, "Wrong-password-1")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("The e-mail or password is not right.", await (await SignInAsync(other, email, "Wrong-password-1")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(portal.AnonymousFrom(IPAddress.Parse("10.0.2.3")), email, Portal.Infrastructure.DemoData.DemoDataSeeder.DemoPassword)).StatusCode);
    }

    [Fact]
    public async Task A_deactivated_user_cannot_sign_in_and_an_open_session_ends()
    {
        const string email = "leaver@example.com";
        await TestUsers.CreateAsync(portal, email, "SalesRep", null);
        var session = portal.AnonymousFrom(IPAddress.Parse("10.0.3.1"));
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(session, email, Portal.Infrastructure.DemoData.DemoDataSeeder.DemoPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/Customers")).StatusCode);

        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<B2BPortal.Domain.Identity.PortalUser>>();
            var user = await users.FindByEmailAsync(email);
            user!.Deactivate();
            await users.UpdateAsync(user);
        }

        var afterwards = await session.GetAsync("/Customers");
        Assert.Equal(HttpStatusCode.Redirect, afterwards.StatusCode);
        Assert.Contains("/Account/Login", afterwards.Headers.Location?.ToString(), StringComparison.Ordinal);

        // Not even the right password tells anyone that the account exists and is disabled.
        var again = await SignInAsync(portal.AnonymousFrom(IPAddress.Parse("10.0.3.2")), email, Portal.Infrastructure.DemoData.DemoDataSeeder.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var html = await again.Content.ReadAsStringAsync();
        Assert.DoesNotContain("disabled", html, StringComparison.Ordinal);
        Assert.Contains(Refused, html, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        PortalFactory.PostFormAsync(client, "/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
}

[Collection(nameof(StrictSignInPortal))]
public sealed class SignInThrottlingTests(StrictSignInPortal portal)
{
    [Fact]
    public async Task Sign_in_posts_beyond_the_limit_per_minute_from_one_address_get_429_while_other_addresses_and_the_form_still_work()
    {
        var client = portal.AnonymousFrom(IPAddress.Parse("10.0.9.1"));
        var fields = new Dictionary<string, string> { ["Input.Email"] = "nobody@example.com", ["Input.Password"] = "Whatever-123" };

        for (var i = 0; i < StrictSignInPortal.PostsPerMinute; i++)
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

        // Another address is not affected.
        var elsewhere = await PortalFactory.PostFormAsync(portal.AnonymousFrom(IPAddress.Parse("10.0.9.2")), "/Account/Login", fields);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }
}

/// <summary>A Portal behind a reverse proxy at 10.9.9.9 (ReverseProxy:KnownProxies), with the strict sign-in limit.</summary>
public sealed class ProxiedSignInPortal() : PortalFactory(DatabaseProvider.Sqlite)
{
    public static readonly IPAddress Proxy = IPAddress.Parse("10.9.9.9");

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Identity:SignInAttemptsPerMinute"] = StrictSignInPortal.PostsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ReverseProxy:KnownProxies"] = "10.9.9.9",
        ["DemoData:LoadOnEmptyDatabase"] = "false",
    };
}

public sealed class ForwardedHeadersTests(ProxiedSignInPortal portal) : IClassFixture<ProxiedSignInPortal>
{
    private static readonly Dictionary<string, string> Fields = new() { ["Input.Email"] = "nobody@example.com", ["Input.Password"] = "Whatever-123" };

    [Fact]
    public async Task Behind_a_known_proxy_each_forwarded_client_has_its_own_sign_in_limit()
    {
        var viaProxy = portal.AnonymousFrom(ProxiedSignInPortal.Proxy);

        for (var i = 0; i < StrictSignInPortal.PostsPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(viaProxy, "203.0.113.5")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostAsync(viaProxy, "203.0.113.5")).StatusCode);

        // Another client behind the same proxy is not throttled with the first one.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(viaProxy, "203.0.113.6")).StatusCode);
    }

    [Fact]
    public async Task A_client_that_is_not_the_proxy_cannot_choose_its_address_with_X_Forwarded_For()
    {
        var direct = portal.AnonymousFrom(IPAddress.Parse("198.51.100.7"));

        for (var i = 0; i < StrictSignInPortal.PostsPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(direct, $"192.0.2.{i + 1}")).StatusCode);
        }

        // A fresh forged address each time, but the limit follows the real connection.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostAsync(direct, "192.0.2.99")).StatusCode);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string forwardedFor)
    {
        client.DefaultRequestHeaders.Remove("X-Forwarded-For");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return await PortalFactory.PostFormAsync(client, "/Account/Login", Fields);
    }
}
