using System.Diagnostics;
using B2BPortal.Domain.Common;
using B2BPortal.Integration.Ordering;
using B2BPortal.Integration.Pricing;
using B2BPortal.Integration.Spreadsheets;

namespace B2BPortal.Tests.Spreadsheets;

/// <summary>
/// A 300 KB upload must not cost the Portal gigabytes: the package's entries are checked against the limits before any
/// XLSX is opened. Memory is measured with the GC's allocation counter of the thread doing the work (the readers are
/// synchronous), so tests running in parallel do not blur the figure.
/// </summary>
public sealed class XlsxBombTests
{
    private const long HundredMegabytes = 100L * 1024 * 1024;

    private static readonly SpreadsheetOptions Limits = new();

    private static readonly Lazy<byte[]> Bomb = new(() => TestWorkbooks.WithOneLongSharedString(300_000_000));

    [Fact]
    public void The_bomb_is_small_on_the_wire()
    {
        Assert.InRange(Bomb.Value.Length, 1, 2 * 1024 * 1024);
    }

    [Fact]
    public void A_quick_order_bomb_is_refused_in_under_a_second_with_under_100_MB_allocated()
    {
        var bytes = Bomb.Value;

        var (error, elapsed, allocated) = Measure(() => OrderLineFileReader.ReadFile("order.xlsx", new MemoryStream(bytes), bytes.Length, Limits));

        Assert.IsType<DomainException>(error);
        Assert.Contains("expands to", error.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, HundredMegabytes);
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void A_price_list_bomb_is_refused_in_under_a_second_with_under_100_MB_allocated()
    {
        var bytes = Bomb.Value;

        var (error, elapsed, allocated) = Measure(() => _ = PriceListFiles.Read(PriceFileFormat.Xlsx, new MemoryStream(bytes), Limits).ToList());

        Assert.IsType<PriceFileException>(error);
        Assert.Contains("expands to", error.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, HundredMegabytes);
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    private static (Exception Error, TimeSpan Elapsed, long Allocated) Measure(Action read)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var error = Record.Exception(read);
        clock.Stop();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.NotNull(error);
        return (error, clock.Elapsed, allocated);
    }
}
