using System.ComponentModel.DataAnnotations;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Identity.Web;

namespace B2BPortal.Portal.Infrastructure;

/// <summary>The <c>Identity</c> configuration section: password policy, lockout, invitations, sign-in throttling.</summary>
public sealed class PortalIdentityOptions
{
    public const string Section = "Identity";

    [Range(1, 100)]
    public int LockoutMaxFailedAttempts { get; set; } = 5;

    [Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;

    [Range(8, 128)]
    public int RequiredPasswordLength { get; set; } = 10;

    [Range(1, 90)]
    public int InvitationValidDays { get; set; } = 7;

    /// <summary>Minutes a sign-in cookie is trusted before the user is checked again (deactivated users are then signed out). 0 = every request.</summary>
    [Range(0, 60)]
    public int SessionRevalidationMinutes { get; set; } = 5;

    /// <summary>Sign-in form posts allowed per client address per minute before 429.</summary>
    [Range(1, 10_000)]
    public int SignInAttemptsPerMinute { get; set; } = 10;
}

public static class IdentitySetup
{
    public const string SmartScheme = "Portal";
    public const string MicrosoftScheme = "Microsoft";
    public const string MicrosoftCallbackPath = "/signin-microsoft";

    public static IServiceCollection AddPortalIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PortalIdentityOptions>().Bind(configuration.GetSection(PortalIdentityOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var o = configuration.GetSection(PortalIdentityOptions.Section).Get<PortalIdentityOptions>() ?? new PortalIdentityOptions();

        services.AddIdentity<PortalUser, IdentityRole>(identity =>
            {
                identity.Password.RequiredLength = o.RequiredPasswordLength;
                identity.Password.RequireDigit = true;
                identity.Password.RequireLowercase = true;
                identity.Password.RequireUppercase = true;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Lockout.MaxFailedAccessAttempts = o.LockoutMaxFailedAttempts;
                identity.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(o.LockoutMinutes);
                identity.User.RequireUniqueEmail = true;
                identity.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>()
            .AddSignInManager<PortalSignInManager>();

        services.AddSingleton<DecoyPasswordHash>();

        // How long a sign-in cookie is trusted before the user is re-read: a deactivated user is out by then.
        services.Configure<SecurityStampValidatorOptions>(v => v.ValidationInterval = TimeSpan.FromMinutes(o.SessionRevalidationMinutes));

        // Invitation and reset links stay valid for the configured number of days.
        services.Configure<DataProtectionTokenProviderOptions>(t => t.TokenLifespan = TimeSpan.FromDays(o.InvitationValidDays));

        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/Account/Login";
            cookie.LogoutPath = "/Account/Logout";
            cookie.AccessDeniedPath = "/Account/AccessDenied";
            cookie.Cookie.Name = "b2bportal.auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);

            // A deactivated user, or one whose role changed, is out on the next request, not minutes later.
            cookie.Events.OnValidatePrincipal = ActiveSessionCheck.ValidateAsync;
        });

        // One default scheme that picks the API token handler for "Bearer b2bp_…" and the cookie otherwise,
        // so every policy accepts both without naming schemes.
        var auth = services.AddAuthentication(a =>
            {
                a.DefaultScheme = SmartScheme;
                // AddIdentity sets DefaultAuthenticateScheme to the cookie, which outranks DefaultScheme: without this
                // line a Bearer token is never authenticated and every API token call is a 401.
                a.DefaultAuthenticateScheme = SmartScheme;
                a.DefaultChallengeScheme = SmartScheme;
                a.DefaultForbidScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or API token", p => p.ForwardDefaultSelector = ctx =>
                ctx.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        // "Sign in with Microsoft" only when an AzureAd section is configured. It is an external login keyed by the
        // token's tenant and object id; linking it to a local user needs proof of ownership (MicrosoftLogins).
        var azureAd = configuration.GetSection("AzureAd");
        if (azureAd.Exists() && !string.IsNullOrWhiteSpace(azureAd["ClientId"]))
        {
            // Identity already owns the external cookie; Microsoft.Identity.Web must not add a second one.
            auth.AddMicrosoftIdentityWebApp(azureAd, MicrosoftScheme, cookieScheme: null, displayName: "Microsoft");
            services.Configure<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>(MicrosoftScheme, oidc =>
            {
                oidc.SignInScheme = IdentityConstants.ExternalScheme;
                oidc.CallbackPath = MicrosoftCallbackPath;

                // Microsoft.Identity.Web hands over cookie builders that take their path from its own options'
                // callback path (/signin-oidc): without these two lines the browser never sends the correlation and
                // nonce cookies to /signin-microsoft and every Microsoft sign-in fails with "Correlation failed".
                oidc.CorrelationCookie.Path = MicrosoftCallbackPath;
                oidc.NonceCookie.Path = MicrosoftCallbackPath;
            });
        }

        services.AddAuthorization(Policies.Configure);
        return services;
    }

    public static bool MicrosoftSignInEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["AzureAd:ClientId"]);

    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
