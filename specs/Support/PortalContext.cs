using B2BPortal.Tests.Fixtures;
using TechTalk.SpecFlow;

namespace B2BPortal.Specs.Support;

/// <summary>
/// One real Portal (SQLite, demo data) shared by all scenarios of the run: scenarios only read demo data or create
/// their own rows, so sharing it keeps the suite fast without coupling scenarios.
/// </summary>
[Binding]
public sealed class PortalContext
{
    private static SqlitePortal? _portal;

    public static SqlitePortal Portal => _portal ?? throw new InvalidOperationException("The portal is not started.");

    [BeforeTestRun]
    public static async Task StartAsync()
    {
        _portal = new SqlitePortal();
        await ((IAsyncLifetime)_portal).InitializeAsync();
        _ = _portal.Services;
    }

    [AfterTestRun]
    public static async Task StopAsync()
    {
        if (_portal is not null)
        {
            await ((IAsyncLifetime)_portal).DisposeAsync();
        }
    }
}
