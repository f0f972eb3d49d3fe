using System.Globalization;
using B2BPortal.Integration.Spreadsheets;
using Microsoft.Playwright;
using OfficeOpenXml;

namespace B2BPortal.EndToEnd;

/// <summary>
/// A buyer's order as a document, on a desktop and on a phone: the buyer places an order, opens it, reads lines
/// numbered from 1 and states in words (no trigger names, no ERP line numbers), and downloads it as XLSX whose lines
/// match the page. No page scrolls sideways.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BuyerDocumentJourneyTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    public Task A_buyer_opens_an_order_reads_it_in_plain_words_and_downloads_it_as_XLSX(int width, int height) => BrowserFixture.JourneyAsync(async () =>
    {
        var page = await browser.SignedInAsync("buyer@acme.example");
        await page.SetViewportSizeAsync(width, height);
        await JourneySteps.EmptyCartAsync(page);

        // An order of two lines, placed the way a buyer does.
        await JourneySteps.QuickOrderToCheckoutAsync(page, "HEX-000006,20\nMAC-000061,30");
        await page.GetByLabel("Your PO number").FillAsync("DOC-" + Guid.NewGuid().ToString("N")[..10]);
        await page.GetByTestId("place-order").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/Ordering/OrderDetail/", StringComparison.Ordinal));

        // The order page: lines 1 and 2, the state and the history in words, times with their zone named.
        var lines = page.GetByTestId("order-lines").Locator("tbody tr");
        await Assertions.Expect(lines).ToHaveCountAsync(2);
        Assert.Equal(["1", "2"], (await page.GetByTestId("line-number").AllTextContentsAsync()).Select(s => s.Trim()));
        Assert.Equal(["0", "0"], (await page.GetByTestId("line-shipped").AllTextContentsAsync()).Select(s => s.Trim()));
        await Assertions.Expect(page.GetByTestId("order-state")).ToHaveTextAsync("Placed");
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("Order placed");
        var main = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("(place)", main, StringComparison.Ordinal);
        Assert.DoesNotContain("10000", main, StringComparison.Ordinal);
        Assert.DoesNotContain("PreTransit", main, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("time-zone-note")).ToContainTextAsync("Times in ");
        await JourneySteps.AssertNoSidewaysScrollAsync(page, width);

        // The download: the same lines, numbered the same way.
        var skus = (await lines.Locator("td.sku").AllTextContentsAsync()).Select(s => s.Trim()).ToList();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-xlsx").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        var file = await download.PathAsync();
        SpreadsheetLicence.EnsureSet();
        using (var package = new ExcelPackage(new FileInfo(file)))
        {
            var sheet = package.Workbook.Worksheets[0];
            Assert.Equal("Line", sheet.Cells[1, 1].Text);
            Assert.Equal(3, sheet.Dimension.End.Row);
            Assert.Equal(["1", "2"], [sheet.Cells[2, 1].Text, sheet.Cells[3, 1].Text]);
            Assert.Equal(skus, [sheet.Cells[2, 2].Text, sheet.Cells[3, 2].Text]);
            Assert.Equal(20m + 30m, decimal.Parse(sheet.Cells[2, 4].Text, CultureInfo.InvariantCulture) + decimal.Parse(sheet.Cells[3, 4].Text, CultureInfo.InvariantCulture));
        }

        // The history lists it and offers the same downloads.
        await page.GotoAsync("/Ordering/Orders");
        await Assertions.Expect(page.GetByTestId("orders-export-xlsx")).ToBeVisibleAsync();
        await JourneySteps.AssertNoSidewaysScrollAsync(page, width);
    });


}
