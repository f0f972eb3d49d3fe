using System.Text;
using Microsoft.Playwright;

namespace B2BPortal.EndToEnd;

/// <summary>
/// The quick-order import result in a real browser, on a 1280 px screen and a 390 px phone: a CSV with a line under
/// its minimum and lines that cannot be ordered goes up through the progress script (which then lands on the kept
/// check, ?import=…), "use all suggested quantities" takes the minimum in one click without sending the file again,
/// and "download the rejected lines" gives a CSV in the upload's format with the reason per line. Demo data (Acme):
/// HEX-000001 has a minimum of 100; HEX-000006 orders as it is; CLE-001441 is not in Acme's catalog.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class QuickOrderImportJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public Task A_buyer_uploads_takes_all_suggested_quantities_and_downloads_the_rejected_lines(int width, int height) => BrowserFixture.JourneyAsync(async () =>
    {
        var violations = new List<string>();
        var page = await browser.SignedInAsync("buyer@acme.example", violations, new ViewportSize { Width = width, Height = height });
        await page.GotoAsync("/Ordering/QuickOrder");
        var csv = "SKU;Quantity\nHEX-000006;20\nHEX-000001;7\nCLE-001441;2\n=1+2;1\n";
        await page.GetByLabel("File of SKUs and quantities").SetInputFilesAsync(new FilePayload { Name = "order.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check file" }).ClickAsync();

        // The script sent the file and went to the kept check (a plain form post would stay on ?handler=Upload).
        await page.WaitForURLAsync(url => url.Contains("/Ordering/QuickOrder?import=", StringComparison.Ordinal));
        var summary = page.GetByTestId("import-summary");
        await Assertions.Expect(summary).ToContainTextAsync("1 ready to add");
        await Assertions.Expect(summary).ToContainTextAsync("1 quantity rule");
        await Assertions.Expect(summary).ToContainTextAsync("1 not in your catalog");
        await Assertions.Expect(summary).ToContainTextAsync("1 invalid");
        await JourneySteps.AssertNoSidewaysScrollAsync(page, width);

        // The rejected lines: the upload's columns first, then the suggestion and the reason; formulas neutralised.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-rejected").ClickAsync());
        Assert.Equal("quick-order-rejected-lines.csv", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("SKU,Quantity,Suggested quantity,Problem", lines[0]);
        Assert.Equal(4, lines.Count);
        Assert.StartsWith("HEX-000001,7,100,", lines[1], StringComparison.Ordinal);
        Assert.Contains("The minimum order quantity is 100.", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("CLE-001441,2,,", lines[2], StringComparison.Ordinal);
        Assert.Contains("no product CLE-001441 in your catalog", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("'=1+2,1,,", lines[3], StringComparison.Ordinal);

        // One click takes every suggested quantity.
        await page.GetByTestId("use-suggested").ClickAsync();
        await Assertions.Expect(summary).ToContainTextAsync("2 ready to add");
        await Assertions.Expect(summary).ToContainTextAsync("0 quantity rule");
        await Assertions.Expect(page.GetByTestId("use-suggested")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("download-rejected")).ToContainTextAsync("2 rejected lines");
        await Assertions.Expect(page.GetByTestId("add-to-cart")).ToHaveTextAsync("Add 2 lines to cart");
        await JourneySteps.AssertNoSidewaysScrollAsync(page, width);
        Assert.Empty(violations);
    });

    [Fact]
    public Task A_file_over_the_limit_is_refused_before_it_is_sent() => BrowserFixture.JourneyAsync(async () =>
    {
        var page = await browser.SignedInAsync("buyer@acme.example");
        await page.GotoAsync("/Ordering/QuickOrder");
        var big = new byte[(5 * 1024 * 1024) + 1];
        Array.Fill(big, (byte)'1');
        await page.GetByLabel("File of SKUs and quantities").SetInputFilesAsync(new FilePayload { Name = "big.csv", MimeType = "text/csv", Buffer = big });
        await page.GetByRole(AriaRole.Button, new() { Name = "Check file" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("upload-progress")).ToContainTextAsync("the limit is 5.0 MB");
        Assert.EndsWith("/Ordering/QuickOrder", page.Url, StringComparison.Ordinal);
    });
}
