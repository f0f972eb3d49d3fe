using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using B2BPortal.Domain.Persistence;
using B2BPortal.Integration.Persistence;
using B2BPortal.Portal.Infrastructure.DemoData;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>
/// The Portal on real Kestrel (loopback, a free port) over SQLite with the demo data, over https with a certificate made
/// for the run: outside Development every cookie is Secure, so the browser talks https as it does to a production portal.
/// </summary>
public sealed class KestrelPortal : PortalFactory
{
    public KestrelPortal()
        : base(DatabaseProvider.Sqlite) => UseKestrel(o => o.Listen(IPAddress.Loopback, 0, l => l.UseHttps(Certificate)));

    public X509Certificate2 Certificate { get; } = TestCertificates.CreateLoopback();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Certificate.Dispose();
        }
    }
}

/// <summary>All browser test classes share one Portal (one database) and one Chromium, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// One Portal and one headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by Playwright's
/// bundled driver (no browser download, never `playwright install`).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync, which disposes the portal.")]
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // The flags that work on these machines (STACK.md); without the background-networking ones Chromium floods the closed network.
    private static readonly string[] ChromiumFlags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    // The pages opened inside the journey that is running (JourneyAsync), for its screenshots and HTML on failure.
    private static readonly AsyncLocal<List<IPage>?> JourneyPages = new();

    private readonly KestrelPortal _portal = new();
    private IPlaywright? _playwright;

    /// <summary>Where a failed journey leaves a screenshot and the HTML of every page it had open.</summary>
    public static string FailureFolder { get; } = Environment.GetEnvironmentVariable("B2BPORTAL_JOURNEY_FAILURES")
        ?? Path.Combine(Repository.Root, "tests", "B2BPortal.EndToEnd", "TestResults", "journey-failures");

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>A SKU of Acme's catalog (Hex Bolts), for the buyer's journey.</summary>
    public string AcmeSku { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"No browser at {ChromiumPath}: install Debian's chromium (./test.sh does, as root).");
        }

        await ((IAsyncLifetime)_portal).InitializeAsync();
        _portal.StartServer();
        var addresses = _portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        using (var scope = _portal.Services.CreateScope())
        {
            AcmeSku = await AccessTable.VisibleSkuAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), "Hex Bolts");
        }

        await WarmUpAsync();

        // Expect(...) retries up to 5 s by default; a loaded 2-core CI machine gets the same 30 s as every other step.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumFlags,
            Timeout = 60_000,
        });
    }

    /// <summary>
    /// A page in a fresh browser context. What the Content-Security-Policy refuses on it (the console's "Refused to …"
    /// errors and securitypolicyviolation events) is collected in <paramref name="cspViolations"/> when one is given.
    /// </summary>
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null, ICollection<string>? cspViolations = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            // The run's own self-signed certificate (KestrelPortal).
            IgnoreHTTPSErrors = true,
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        JourneyPages.Value?.Add(page);
        if (cspViolations is not null)
        {
            await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy violation: ' + e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline code') + ' on ' + e.documentURI));");
            page.Console += (_, message) =>
            {
                if (message.Type == "error" && (message.Text.StartsWith("Refused to", StringComparison.Ordinal) || message.Text.Contains("Content Security Policy", StringComparison.Ordinal)))
                {
                    cspViolations.Add($"{page.Url}: {message.Text}");
                }
            };
        }

        return page;
    }

    /// <summary>A page signed in through the sign-in form as a demo user.</summary>
    public async Task<IPage> SignedInAsync(string email, ICollection<string>? cspViolations = null, ViewportSize? viewport = null)
    {
        var page = await NewPageAsync(viewport, cspViolations);
        await page.GotoAsync("/Account/Login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(DemoDataSeeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.Ordinal));
        return page;
    }

    /// <summary>
    /// Runs one journey. If it fails, every page it opened is saved as a full-page screenshot and its HTML under
    /// <see cref="FailureFolder"/>, and the failure names the files; either way its browser contexts are closed after.
    /// </summary>
    public static async Task JourneyAsync(Func<Task> journey, [System.Runtime.CompilerServices.CallerMemberName] string name = "")
    {
        var pages = new List<IPage>();
        JourneyPages.Value = pages;
        try
        {
            await journey();
        }
        catch (Exception ex)
        {
            var saved = await SaveFailureAsync(name, pages);
            throw new JourneyFailedException($"{name} failed on {string.Join(", ", pages.Select(p => p.IsClosed ? "(closed page)" : p.Url))}: {ex.Message}"
                + Environment.NewLine + "Saved: " + (saved.Count == 0 ? "nothing (no page was open)" : string.Join(", ", saved)), ex);
        }
        finally
        {
            JourneyPages.Value = null;
            foreach (var context in pages.Select(p => p.Context).Distinct())
            {
                await context.CloseAsync();
            }
        }
    }

    private static async Task<List<string>> SaveFailureAsync(string journey, List<IPage> pages)
    {
        var folder = Path.Combine(FailureFolder, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{journey}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(folder);
        var saved = new List<string>();
        for (var i = 0; i < pages.Count; i++)
        {
            if (pages[i].IsClosed)
            {
                continue;
            }

            var stem = Path.Combine(folder, $"page-{i + 1}");
            try
            {
                await File.WriteAllTextAsync(stem + ".html", $"<!-- {pages[i].Url} -->\n" + await pages[i].ContentAsync());
                saved.Add(stem + ".html");
                await pages[i].ScreenshotAsync(new PageScreenshotOptions { Path = stem + ".png", FullPage = true, Timeout = 15_000 });
                saved.Add(stem + ".png");
            }
            catch (PlaywrightException ex)
            {
                await File.WriteAllTextAsync(stem + ".error.txt", ex.ToString());
                saved.Add(stem + ".error.txt");
            }
        }

        return saved;
    }

    /// <summary>
    /// Walks the journey once over HTTP before the browser does, so the first browser step does not pay for
    /// start-up work (JIT, first queries, caches) on a cold CI machine and time out on it.
    /// </summary>
    private async Task WarmUpAsync()
    {
        using var handler = new HttpClientHandler
        {
            UseCookies = true,
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == _portal.Certificate.Thumbprint,
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        var signIn = await B2BPortal.Tests.Fixtures.PortalFactory.PostFormAsync(client, "/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = "buyer@acme.example",
            ["Input.Password"] = DemoDataSeeder.DemoPassword,
        });
        if (signIn.StatusCode != System.Net.HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Warm-up sign-in failed: {(int)signIn.StatusCode}");
        }

        foreach (var path in new[] { "/Catalog", $"/Catalog?q={AcmeSku}", $"/Catalog/Product/{AcmeSku}", "/Ordering/QuickOrder", "/Ordering/Cart", "/Ordering/Orders" })
        {
            (await client.GetAsync(path)).EnsureSuccessStatusCode();
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await ((IAsyncLifetime)_portal).DisposeAsync();
    }
}

/// <summary>A browser journey failed; the message names the screenshots and HTML saved for it.</summary>
public sealed class JourneyFailedException(string message, Exception inner) : Exception(message, inner);
