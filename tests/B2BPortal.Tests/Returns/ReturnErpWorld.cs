using B2BPortal.Domain.Credit;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Returns;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Returns;
using B2BPortal.Integration.Sync;
using B2BPortal.Tests.Fixtures;
using B2BPortal.Tests.Ordering;
using B2BPortal.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;

namespace B2BPortal.Tests.Returns;

/// <summary>
/// Returns over an <see cref="OrderingWorld"/> (real use cases, company A served by <see cref="OrderingWorld.SalesRep"/>)
/// with the ERP export and CreditMemoSync pointed at Business Central played by WireMock, answering with the credit memo
/// fixtures in Returns/Fixtures.
/// </summary>
public sealed class ReturnErpWorld : IAsyncDisposable
{
    /// <summary>The fixtures' stand-in for the real return number.</summary>
    public const string FixtureReturnNumber = "SO-1001-R1";

    public const string ErpMemoId = "cb7b3ba0-bde3-ea11-aa60-000d3ad7cacb";

    private int _priority = 50;

    private ReturnErpWorld(OrderingWorld world, FakeErp erp) => (World, Erp) = (world, erp);

    public OrderingWorld World { get; }

    public FakeErp Erp { get; }

    public static async Task<ReturnErpWorld> CreateAsync(DatabaseProvider provider, Action<Dictionary<string, string?>>? tweak = null)
    {
        var erp = new FakeErp();
        var settings = erp.PortalSettings();
        tweak?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var world = await OrderingWorld.CreateAsync(provider, s =>
        {
            s.AddPartnerSync(configuration);
            s.AddPortalReturns();
        });
        await using (var db = world.Database.CreateContext())
        {
            (await db.Companies.SingleAsync(c => c.Id == world.CompanyA)).AssignSalesRep(OrderingWorld.SalesRep.UserId);
            await db.SaveChangesAsync();
        }

        return new ReturnErpWorld(world, erp);
    }

    public static string Fixture(string name, string returnNumber) =>
        File.ReadAllText(Path.Combine(Repository.Root, "tests", "B2BPortal.Tests", "Returns", "Fixtures", name))
            .Replace(FixtureReturnNumber, returnNumber, StringComparison.Ordinal);

    /// <summary>A delivered order of 24 bolts and 2 hammers (its own export settled), and a return of 1 damaged hammer, requested.</summary>
    public async Task<string> RequestedReturnAsync()
    {
        var order = await ReturnFlows.DeliveredOrderAsync(World, (OrderingWorld.Bolts, 24), (OrderingWorld.Hammer, 2));
        await using (var db = World.Database.CreateContext())
        {
            foreach (var m in await db.OutboxMessages.Where(m => m.Type == OrderPlacedMessage.Type).ToListAsync())
            {
                m.Succeeded(World.Clock.GetUtcNow());
            }

            await db.SaveChangesAsync();
        }

        var line = await ReturnFlows.LineOfAsync(World, order, OrderingWorld.Hammer);
        return await ReturnFlows.RequestAsync(World, World.BuyerA, order, new NewReturnLine(line, 1, ReturnReason.Damaged, null));
    }

    /// <summary>Requested, approved by the company's sales rep, and the goods marked received: the credit memo is queued.</summary>
    public async Task<string> ReceivedReturnAsync()
    {
        var number = await RequestedReturnAsync();
        await ReturnFlows.ActAsync(World, OrderingWorld.SalesRep, number, ReturnTrigger.Approve, "Send it back");
        await ReturnFlows.ActAsync(World, OrderingWorld.SalesRep, number, ReturnTrigger.Receive, "Cracked, confirmed");
        return number;
    }

    /// <summary>The ERP has no memo for the return yet and creates it (the draft of the fixture) when the export posts it.</summary>
    public void GivenCreditMemoCreated(string returnNumber)
    {
        Erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesCreditMemos")).UsingGet()).AtPriority(--_priority)
            .RespondWith(FakeErp.Json(FakeErp.Page([])));
        Erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesCreditMemos")).UsingPost()).AtPriority(--_priority)
            .RespondWith(FakeErp.Json(Fixture("salesCreditMemo.create.response.json", returnNumber), 201));
    }

    /// <summary>From now on the ERP lists these posted credit memos (each call takes precedence over the previous one).</summary>
    public void GivenPostedCreditMemos(params string[] memos) =>
        Erp.Server.Given(Request.Create().WithPath(FakeErp.Path("salesCreditMemos")).UsingGet()).AtPriority(--_priority)
            .RespondWith(FakeErp.Json(FakeErp.Page(memos)));

    public Task<SyncRun> ExportAsync() =>
        World.WithAsync(sp => sp.GetRequiredService<OrderExporter>().RunAsync(100, 5, CancellationToken.None));

    public Task<SyncRun> CreditMemoSyncAsync() =>
        World.WithAsync(sp => sp.GetRequiredService<CreditMemoSync>().RunAsync(false, CancellationToken.None));

    public async Task<ReturnRequest> ReturnAsync(string number)
    {
        await using var db = World.Database.CreateContext();
        return await db.Returns().AsNoTracking().Include(r => r.History).SingleAsync(r => r.Number == number);
    }

    public async Task<OutboxMessage> MessageAsync(string number)
    {
        await using var db = World.Database.CreateContext();
        var key = ReturnReceivedMessage.IdempotencyKey(number);
        return await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.IdempotencyKey == key);
    }

    public async Task<StatementAccount> StatementAsync()
    {
        await using var db = World.Database.CreateContext();
        var statement = await db.StatementAsync(World.CompanyA, new StatementPeriod(new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 31)), CancellationToken.None);
        return statement.Accounts.SingleOrDefault() ?? new StatementAccount("EUR", 0, []);
    }

    public int Requests(string method) =>
        Erp.Server.LogEntries.Count(e => e.RequestMessage!.Method == method && e.RequestMessage!.Path == FakeErp.Path("salesCreditMemos"));

    public async ValueTask DisposeAsync()
    {
        await World.DisposeAsync();
        Erp.Dispose();
    }
}
