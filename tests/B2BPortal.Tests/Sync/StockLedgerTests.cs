using System.Globalization;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Sync;
using B2BPortal.Integration.Persistence;
using B2BPortal.Integration.Sync;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace B2BPortal.Tests.Sync;

/// <summary>
/// Business Central sums an item's inventory from its ledger entries: a sale or a receipt adds an entry and leaves the
/// item record (and its lastModifiedDateTime) alone. The stock delta follows the ledger by entry number.
/// </summary>
public sealed class StockLedgerTests
{
    private const string Unchanged = "2025-03-01T08:00:00Z";

    private static Task<SyncRun> RunStock(ServiceProvider sp, bool full = false) =>
        sp.RunAsync(s => s.GetRequiredService<StockSync>().RunAsync(full, CancellationToken.None));

    /// <summary>The ledger's end as the ERP reports it ($orderby=entryNumber desc, $top=1).</summary>
    private static void GivenLedgerEnd(FakeErp erp, long entryNumber) =>
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("itemLedgerEntries")).WithParam("$top", "1").UsingGet()).AtPriority(2)
            .RespondWith(FakeErp.Json(FakeErp.Page([FakeErp.LedgerEntry(entryNumber, "1896-S", "2025-02-28T17:00:00Z")])));

    /// <summary>New entries after <paramref name="after"/>: the first page (matched by its filter), or a next page by token.</summary>
    private static void GivenLedgerAfter(FakeErp erp, long after, string body, int status = 200) =>
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("itemLedgerEntries")).WithParam("$filter", $"entryNumber gt {after}").UsingGet()).AtPriority(3)
            .RespondWith(FakeErp.Json(body, status));

    /// <summary>The item as a read by its number finds it (the record unchanged, only its inventory moved).</summary>
    private static void GivenItemByNumber(FakeErp erp, string number, decimal inventory, int status = 200) =>
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("items")).WithUrl(new WildcardMatcher($"*number eq %27{number}%27*")).UsingGet()).AtPriority(1)
            .RespondWith(status == 200
                ? FakeErp.Json(FakeErp.Page([FakeErp.Item(number, inventory, Unchanged)]))
                : FakeErp.Json("""{"error":{"code":"Internal_ServerError","message":"down"}}""", status));

    private static IEnumerable<string> ItemReadsByNumber(FakeErp erp) =>
        erp.Queries("items").Where(q => q.Contains("number eq", StringComparison.Ordinal));

    /// <summary>First run: three items read in full; the ledger's end (entry 100) becomes the position.</summary>
    private static async Task FirstRunAsync(ServiceProvider sp, FakeErp erp)
    {
        await sp.WithDbAsync(db => StockSyncTests.SeedProductsAsync(db, "A-1", "A-2", "A-3"));
        erp.GivenPage("items", FakeErp.Page([FakeErp.Item("A-1", 10, Unchanged), FakeErp.Item("A-2", 20, Unchanged), FakeErp.Item("A-3", 30, Unchanged)]));
        GivenLedgerEnd(erp, 100);
        var first = await RunStock(sp);
        Assert.Equal((SyncRunStatus.Succeeded, 3), (first.Status, first.Created));
        await sp.WithDbAsync(async db => Assert.Equal(100, (await db.SyncJobStates.AsNoTracking().SingleAsync()).LastEntryNumber));

        // From now on no item record changes: the item delta finds nothing.
        erp.GivenPage("items", FakeErp.Page([]));
    }

    private static async Task<Dictionary<string, (decimal Quantity, DateTimeOffset AsOf)>> StockAsync(PortalDbContext db) =>
        (await db.StockLevels.AsNoTracking().Join(db.Products, s => s.ProductId, p => p.Id, (s, p) => new { p.ErpItemNumber, s.Quantity, s.AsOf }).ToListAsync())
            .ToDictionary(x => x.ErpItemNumber, x => (x.Quantity, x.AsOf));

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Stock_that_moves_without_the_item_record_changing_is_read_again_for_exactly_the_items_the_new_ledger_entries_name(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates());
        await FirstRunAsync(sp, erp);

        // A-1 sold twice and GHOST-9 (an item the portal does not sell) received on page 1; A-2 received on page 2.
        GivenLedgerAfter(erp, 100, FakeErp.Page(
            [FakeErp.LedgerEntry(101, "A-1", "2025-03-02T09:00:00Z", -2), FakeErp.LedgerEntry(102, "GHOST-9", "2025-03-02T09:05:00Z", 40, "Purchase"),
             FakeErp.LedgerEntry(103, "A-1", "2025-03-02T09:10:00.5Z", -1)],
            erp.NextLink("itemLedgerEntries", "ile2")));
        erp.GivenNextPage("itemLedgerEntries", "ile2", FakeErp.Page([FakeErp.LedgerEntry(104, "A-2", "2025-03-02T10:00:00Z", 5, "Purchase")]));
        GivenItemByNumber(erp, "A-1", 7);
        GivenItemByNumber(erp, "A-2", 25);

        var run = await RunStock(sp);

        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        Assert.Equal((2, 0, 2, 0), (run.Read, run.Created, run.Updated, run.Failed));
        await sp.WithDbAsync(async db =>
        {
            var stock = await StockAsync(db);
            Assert.Equal((7m, DateTimeOffset.Parse("2025-03-02T09:10:00.5Z", CultureInfo.InvariantCulture)), stock["A-1"]);
            Assert.Equal(25m, stock["A-2"].Quantity);
            Assert.Equal((30m, DateTimeOffset.Parse(Unchanged, CultureInfo.InvariantCulture)), stock["A-3"]);
            Assert.Equal(104, (await db.SyncJobStates.AsNoTracking().SingleAsync()).LastEntryNumber);
            Assert.Empty(await db.DeadLetters.ToListAsync());
        });

        var ledger = erp.Queries("itemLedgerEntries").Where(q => q.Contains("entryNumber gt", StringComparison.Ordinal)).ToList();
        Assert.Contains("$filter=entryNumber gt 100", ledger[0], StringComparison.Ordinal);
        Assert.Contains("$orderby=entryNumber asc", ledger[0], StringComparison.Ordinal);

        // One read per page of entries, each for the items that page names; the item the portal does not sell is never asked for.
        var reads = ItemReadsByNumber(erp).ToList();
        Assert.Equal(2, reads.Count);
        Assert.Contains("(number eq 'A-1')", reads[0], StringComparison.Ordinal);
        Assert.Contains("(number eq 'A-2')", reads[1], StringComparison.Ordinal);
        Assert.DoesNotContain(erp.Queries("items"), q => q.Contains("GHOST-9", StringComparison.Ordinal));

        // Nothing new in the ledger: the next run reads from entry 104 and no item.
        var quiet = await RunStock(sp);
        Assert.Equal((SyncRunStatus.Succeeded, 0), (quiet.Status, quiet.Read));
        Assert.Contains(erp.Queries("itemLedgerEntries"), q => q.Contains("$filter=entryNumber gt 104", StringComparison.Ordinal));
        Assert.Equal(2, ItemReadsByNumber(erp).Count());
    }

    [Theory]
    [MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_failing_read_keeps_the_ledger_position_of_the_last_page_applied_and_the_next_run_reads_from_there(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates(), s => s["Erp:MaxRetries"] = "1");
        await FirstRunAsync(sp, erp);
        GivenLedgerAfter(erp, 100, FakeErp.Page([FakeErp.LedgerEntry(101, "A-1", "2025-03-02T09:00:00Z")], erp.NextLink("itemLedgerEntries", "ile2")));
        erp.GivenNextPage("itemLedgerEntries", "ile2", FakeErp.Page([FakeErp.LedgerEntry(102, "A-2", "2025-03-02T09:30:00Z")]));
        GivenItemByNumber(erp, "A-1", 9);
        GivenItemByNumber(erp, "A-2", 0, status: 503);

        var failed = await RunStock(sp);

        Assert.Equal(SyncRunStatus.Failed, failed.Status);
        Assert.Contains("503", failed.Error, StringComparison.Ordinal);
        await sp.WithDbAsync(async db =>
        {
            Assert.Equal(101, (await db.SyncJobStates.AsNoTracking().SingleAsync()).LastEntryNumber);
            var stock = await StockAsync(db);
            Assert.Equal((9m, 20m), (stock["A-1"].Quantity, stock["A-2"].Quantity));
        });

        // The ERP is back: the second page's entry is read again and A-2 comes.
        erp.Server.Reset();
        erp.GivenToken("token-2");
        erp.GivenPage("items", FakeErp.Page([]));
        GivenLedgerAfter(erp, 101, FakeErp.Page([FakeErp.LedgerEntry(102, "A-2", "2025-03-02T09:30:00Z")]));
        GivenItemByNumber(erp, "A-2", 18);

        var resumed = await RunStock(sp);

        Assert.Equal((SyncRunStatus.Succeeded, 1), (resumed.Status, resumed.Updated));
        await sp.WithDbAsync(async db =>
        {
            Assert.Equal(102, (await db.SyncJobStates.AsNoTracking().SingleAsync()).LastEntryNumber);
            Assert.Equal(18m, (await StockAsync(db))["A-2"].Quantity);
        });
    }

    [Fact]
    public async Task Many_moved_items_are_read_in_batches_whose_urls_stay_within_the_limit()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates());
        var numbers = Enumerable.Range(1, 150).Select(i => $"LONG-ITEM-NO-{i:D5}").ToArray();
        await sp.WithDbAsync(db => StockSyncTests.SeedProductsAsync(db, numbers));
        erp.GivenPage("items", FakeErp.Page([]));
        GivenLedgerEnd(erp, 5000);
        await RunStock(sp);
        GivenLedgerAfter(erp, 5000, FakeErp.Page(numbers.Select((n, i) => FakeErp.LedgerEntry(5001 + i, n, "2025-03-02T09:00:00Z"))));

        // Every read by number answers with the items it names.
        erp.Server.Given(Request.Create().WithPath(FakeErp.Path("items")).WithUrl(new WildcardMatcher("*number eq*")).UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithCallback(request =>
            {
                var asked = numbers.Where(n => request.Url.Contains($"%27{n}%27", StringComparison.Ordinal));
                return new WireMock.ResponseMessage
                {
                    StatusCode = 200,
                    Headers = new Dictionary<string, WireMock.Types.WireMockList<string>> { ["Content-Type"] = new WireMock.Types.WireMockList<string>("application/json") },
                    BodyData = new WireMock.Util.BodyData
                    {
                        BodyAsString = FakeErp.Page(asked.Select(n => FakeErp.Item(n, 3, Unchanged))),
                        DetectedBodyType = WireMock.Types.BodyType.String,
                    },
                };
            }));

        var run = await RunStock(sp);

        Assert.Equal((SyncRunStatus.Succeeded, 150, 150), (run.Status, run.Read, run.Created));
        var reads = erp.Server.LogEntries.Where(e => e.RequestMessage!.Url.Contains("number eq", StringComparison.Ordinal)).Select(e => e.RequestMessage!.Url).ToList();
        // 150 numbers do not fit in one URL of 2,000 characters, but each batch takes as many as fit (about 40 here).
        Assert.InRange(reads.Count, 2, 5);

        // As sent on the wire (WireMock shows spaces unescaped).
        Assert.All(reads, url => Assert.InRange(new Uri(url).AbsoluteUri.Length, 1, 2000));
        Assert.Equal(numbers.Order(), reads.SelectMany(url => numbers.Where(n => url.Contains($"%27{n}%27", StringComparison.Ordinal))).Order());
    }

    [Fact]
    public async Task The_nightly_full_read_sets_every_figure_right_and_moves_the_ledger_position_to_the_ledgers_end()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSQL);
        using var erp = new FakeErp();
        await using var sp = SyncServices.Create(database, erp, new RecordingOrderStatusUpdates());
        await FirstRunAsync(sp, erp);
        GivenLedgerAfter(erp, 100, FakeErp.Page([FakeErp.LedgerEntry(101, "A-1", "2025-03-02T09:00:00Z")]));
        GivenItemByNumber(erp, "A-1", 8);
        await RunStock(sp);

        // Whatever the delta missed, the full read's figures hold (inventory is summed as the ERP answers), even where
        // the item's own stamp is older than the movement the portal saw.
        erp.GivenPage("items", FakeErp.Page([FakeErp.Item("A-1", 6, Unchanged), FakeErp.Item("A-2", 20, Unchanged), FakeErp.Item("A-3", 31, Unchanged)]));
        GivenLedgerEnd(erp, 250);
        var full = await RunStock(sp, full: true);

        Assert.Equal((SyncRunStatus.Succeeded, 2), (full.Status, full.Updated));
        await sp.WithDbAsync(async db =>
        {
            var stock = await StockAsync(db);
            Assert.Equal((6m, 20m, 31m), (stock["A-1"].Quantity, stock["A-2"].Quantity, stock["A-3"].Quantity));
            Assert.True(stock["A-1"].AsOf > DateTimeOffset.Parse("2025-03-02T09:00:00Z", CultureInfo.InvariantCulture));
            Assert.Equal(250, (await db.SyncJobStates.AsNoTracking().SingleAsync()).LastEntryNumber);
        });
        Assert.Contains(erp.Queries("itemLedgerEntries"), q => q.Contains("$filter=entryNumber gt 250", StringComparison.Ordinal));
    }
}
