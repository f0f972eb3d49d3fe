namespace B2BPortal.EndToEnd;

/// <summary>
/// A journey that fails on CI must leave enough behind to see why without running it again: the screenshot and HTML of
/// every page it had open, named in the failure.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JourneyFailureTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_failed_journey_saves_a_screenshot_and_the_html_of_each_page_it_had_open_and_names_them()
    {
        var failure = await Assert.ThrowsAsync<JourneyFailedException>(() => BrowserFixture.JourneyAsync(async () =>
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync("/Account/Login");
            throw new InvalidOperationException("the step that broke");
        }));

        Assert.Contains("the step that broke", failure.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(failure.InnerException);
        var saved = failure.Message[(failure.Message.IndexOf("Saved: ", StringComparison.Ordinal) + "Saved: ".Length)..]
            .Split(", ", StringSplitOptions.TrimEntries);
        try
        {
            var html = Assert.Single(saved, f => f.EndsWith(".html", StringComparison.Ordinal));
            var png = Assert.Single(saved, f => f.EndsWith(".png", StringComparison.Ordinal));
            Assert.StartsWith(BrowserFixture.FailureFolder, html, StringComparison.Ordinal);
            Assert.Contains("Sign in", await File.ReadAllTextAsync(html), StringComparison.Ordinal);
            var header = new byte[8];
            await using (var stream = File.OpenRead(png))
            {
                await stream.ReadExactlyAsync(header);
            }

            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], header[..4]);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(saved[0])!, recursive: true);
        }
    }
}
