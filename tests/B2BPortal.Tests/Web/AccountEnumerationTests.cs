using System.Net;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Identity;
using B2BPortal.Integration.Persistence;
using B2BPortal.Portal.Infrastructure.DemoData;
using B2BPortal.Tests.Fixtures;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace B2BPortal.Tests.Web;

/// <summary>
/// A Portal whose password hasher counts verifications: the deterministic measure of what a sign-in costs (the hash
/// is what made a known address take 20 times longer than an unknown one). Locks after 3 failures, 4 posts per minute.
/// </summary>
public sealed class CountingHasherPortal() : PortalFactory(DatabaseProvider.Sqlite)
{
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Identity:LockoutMaxFailedAttempts"] = "3",
        ["Identity:SignInAttemptsPerMinute"] = StrictSignInPortal.PostsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["DemoData:LoadOnEmptyDatabase"] = "false",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddScoped<IPasswordHasher<PortalUser>>(sp =>
            new Counting(new PasswordHasher<PortalUser>(sp.GetRequiredService<IOptions<PasswordHasherOptions>>()), this)));
    }

    private sealed class Counting(PasswordHasher<PortalUser> inner, CountingHasherPortal portal) : IPasswordHasher<PortalUser>
    {
        public string HashPassword(PortalUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(PortalUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref portal._verifications);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}

public sealed partial class AccountEnumerationTests(CountingHasherPortal portal) : IClassFixture<CountingHasherPortal>
{
    [Fact]
    public async Task Unknown_wrong_password_locked_disabled_and_passwordless_accounts_cost_one_hash_and_get_the_same_answer()
    {
        await TestUsers.CreateAsync(portal, "known@example.com", Roles.SalesRep, null);
        await TestUsers.CreateAsync(portal, "locked@example.com", Roles.SalesRep, null);
        var disabled = await TestUsers.CreateAsync(portal, "disabled@example.com", Roles.SalesRep, null);
        using (var scope = portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByIdAsync(disabled.Id);
            user!.Deactivate();
            await users.UpdateAsync(user);
            await users.CreateAsync(PortalUser.CreateStaff("invited@example.com", "Invited, no password yet", DateTimeOffset.UtcNow));
        }

        for (var i = 0; i < 3; i++)
        {
            await SignInAsync($"10.1.0.{i + 1}", "locked@example.com", "Wrong-Password-1");
        }

        var cases = new (string Email, string Password)[]
        {
            ("nobody@example.com", "Wrong-Password-1"),
            ("known@example.com", "Wrong-Password-1"),
            ("locked@example.com", "Wrong-Password-1"),
            ("locked@example.com", DemoDataSeeder.DemoPassword),
            ("disabled@example.com", DemoDataSeeder.DemoPassword),
            ("invited@example.com", "Wrong-Password-1"),
        };
        var answers = new List<string>();
        for (var i = 0; i < cases.Length; i++)
        {
            var before = portal.Verifications;
            var response = await SignInAsync($"10.1.1.{i + 1}", cases[i].Email, cases[i].Password);
            Assert.Equal(1, portal.Verifications - before);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            answers.Add(Answer(await response.Content.ReadAsStringAsync()));
        }

        Assert.All(answers, a => Assert.Equal("The e-mail or password is not right.", a));

        // The right password of a good account is one verification too.
        var signedIn = portal.Verifications;
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync("10.1.2.1", "known@example.com", DemoDataSeeder.DemoPassword)).StatusCode);
        Assert.Equal(1, portal.Verifications - signedIn);
    }

    [Fact]
    public async Task Only_the_owner_of_an_account_hears_that_it_is_locked_by_mail_once()
    {
        const string email = "owner@example.com";
        await TestUsers.CreateAsync(portal, email, Roles.SalesRep, null);

        for (var i = 0; i < 5; i++)
        {
            await SignInAsync($"10.1.3.{i + 1}", email, "Wrong-Password-1");
        }

        var mail = MailPickup.OnlyOne(portal, email, "Your B2BPortal account is locked");
        Assert.Contains("too many failed sign-ins", mail.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/Account/ResetPassword", "10.1.4.1")]
    [InlineData("/Account/AcceptInvitation", "10.1.4.2")]
    [InlineData("/Account/ForgotPassword", "10.1.4.3")]
    public async Task Password_reset_posts_are_throttled_per_client_address_like_sign_in_posts(string page, string address)
    {
        var client = portal.AnonymousFrom(IPAddress.Parse(address));
        var formPage = page == "/Account/ForgotPassword" ? page : page + "?userId=someone&token=guess";
        var fields = new Dictionary<string, string>
        {
            ["Email"] = "nobody@example.com",
            ["Input.UserId"] = "someone",
            ["Input.Token"] = "guess",
            ["Input.Password"] = "Guess-Password-1",
            ["Input.ConfirmPassword"] = "Guess-Password-1",
        };

        for (var i = 0; i < StrictSignInPortal.PostsPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PortalFactory.PostFormAsync(client, page, fields, formPage)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await PortalFactory.PostFormAsync(client, page, fields, formPage)).StatusCode);
    }

    private Task<HttpResponseMessage> SignInAsync(string address, string email, string password) =>
        PortalFactory.PostFormAsync(portal.AnonymousFrom(IPAddress.Parse(address)), "/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    /// <summary>The form's error summary: everything the page says about the attempt.</summary>
    private static string Answer(string html)
    {
        var match = Summary().Match(html);
        Assert.True(match.Success, "no error summary on the page");
        return Regex.Replace(match.Groups[1].Value, "<[^>]+>", string.Empty).Trim();
    }

    [GeneratedRegex("<div class=\"[^\"]*validation-summary-errors[^\"]*\"[^>]*>(.*?)</div>", RegexOptions.Singleline)]
    private static partial Regex Summary();
}
