using System.Threading.RateLimiting;
using B2BPortal.Domain.Catalog;
using B2BPortal.Integration.Catalog;
using B2BPortal.Integration.Credit;
using B2BPortal.Integration.Quotes;
using B2BPortal.Integration.Returns;
using B2BPortal.Integration.Settlements;
using B2BPortal.Integration.Mail;
using B2BPortal.Integration.Ordering;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Pricing;
using B2BPortal.Integration.Spreadsheets;
using B2BPortal.Jobs;
using B2BPortal.Portal.Api;
using B2BPortal.Portal.Infrastructure;
using B2BPortal.Portal.Infrastructure.DemoData;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.ResponseCompression;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddPortalDatabase(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddPortalMail(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddPortalIdentity(builder.Configuration);
builder.Services.AddPortalDataProtection(builder.Configuration, builder.Environment.ContentRootPath);

builder.Services.AddRazorPages(PagePolicies.Apply).AddMvcOptions(o => o.Filters.Add<DomainExceptionPageFilter>());
builder.Services.AddOpenApi("v1", OpenApiSetup.Configure);
builder.Services.AddProblemDetails(ProblemDetailsSetup.Configure);
builder.Services.AddExceptionHandler<PortalExceptionHandler>();
// In every environment, not only Development: an API request that cannot be bound throws, so PortalExceptionHandler
// answers 400 naming the field (BadRequestProblems) instead of a bare 400 (or, in Development, a 500).
builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddHealthChecks().AddDbContextCheck<HostedPortalDbContext>("database", tags: ["ready"]);
builder.Services.AddResponseCompression(o =>
{
    o.EnableForHttps = true;
    o.Providers.Add<BrotliCompressionProvider>();
    o.Providers.Add<GzipCompressionProvider>();
});
builder.Services.AddPortalReverseProxy(builder.Configuration);
builder.Services.AddPortalSecurityHeaders(builder.Environment);
builder.Services.AddRateLimiter(o =>
{
    o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    // Sign-in posts are throttled per client address; showing the form is not.
    o.AddPolicy(RateLimits.SignIn, ctx => !HttpMethods.IsPost(ctx.Request.Method) ? RateLimitPartition.GetNoLimiter("get") : RateLimitPartition.GetFixedWindowLimiter(
        ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = builder.Configuration.GetValue(PortalIdentityOptions.Section + ":" + nameof(PortalIdentityOptions.SignInAttemptsPerMinute), 10),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
});

builder.Services.AddCatalogSearch(builder.Configuration);
builder.Services.AddCatalogFacets();
builder.Services.AddPortalSpreadsheets(builder.Configuration);
builder.Services.AddPortalPricing();
builder.Services.AddPortalOrdering();
builder.Services.AddPortalCredit(builder.Configuration);
builder.Services.AddPortalQuotes(builder.Configuration);
builder.Services.AddPortalReturns();
builder.Services.AddPortalSettlements(builder.Configuration);
builder.Services.AddScoped<DemoDataSeeder>();
builder.Services.AddScoped<DemoOrdersSeeder>();
builder.Services.AddScoped<DemoCreditSeeder>();
builder.Services.AddScoped<DemoQuotesSeeder>();
builder.Services.AddScoped<DemoSettlementsSeeder>();
builder.Services.AddScoped<DemoReturnsSeeder>();
builder.Services.AddScoped<AccountMails>();
builder.Services.AddScoped<UserInvitations>();
builder.Services.AddScoped<UserAdministration>();
builder.Services.AddScoped<CreateAdminCommand>();
builder.Services.AddScoped<MicrosoftLogins>();
builder.Services.AddScoped<CompanySignInTenants>();
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<UserTime>();

// Always registered so the Integration page can pause, resume and trigger through the shared job store;
// the scheduler itself runs here only when Jobs:RunInPortal (else in the Jobs worker).
builder.Services.AddPortalJobs(builder.Configuration, builder.Environment.ContentRootPath,
    runScheduler: builder.Configuration.GetValue(JobsOptions.Section + ":" + nameof(JobsOptions.RunInPortal), true));

var app = builder.Build();

// Commands: `dotnet run --project Portal -- migrate`, `-- create-admin` and `-- seed-perf` run and exit.
if (await StartupTasks.RunCommandAsync(app, args))
{
    return;
}

await StartupTasks.PrepareDatabaseAsync(app);

// First: everything after it (HSTS, throttling per client address, cookies) sees the client, not the proxy.
app.UsePortalReverseProxy(app.Configuration);
// Before anything writes a response or a cookie: every response, error pages and static files included, gets the headers.
app.UsePortalSecurityHeaders(app.Configuration);

if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

// API errors are written by PortalExceptionHandler (ProblemDetails); everything else re-executes the friendly /Error page.
app.UseExceptionHandler("/Error");
app.UsePortalStatusCodePages();
app.UseResponseCompression();
app.UseStaticFiles(new StaticFileOptions
{
    OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "public,max-age=604800",
});
app.UseRouting();
app.UseRateLimiter();
app.UsePortalUploadLimits();
app.UseAuthentication();
app.UseAuthorization();
app.UseApiScopeCheck();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.MapRazorPages();
app.MapPortalApi();
app.MapOrderingApi();
app.MapCreditApi();
app.MapQuotesApi();

await app.RunAsync();

/// <summary>Exposed for WebApplicationFactory in tests and benchmarks.</summary>
public partial class Program;
