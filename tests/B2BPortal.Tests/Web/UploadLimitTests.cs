using System.Net;
using System.Net.Http.Headers;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Tests.Fixtures;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Web;

/// <summary>
/// A file over a form's request limit is refused before it is read, with the status page that names the form's file
/// limit and leads back to the form: the page /Status/413 shows when asked directly, never "Something went wrong".
/// On real Kestrel, which (unlike the in-memory test server) enforces the form's body limit when anything reads it.
/// The size is checked before sign-in and anti-forgery, so an anonymous post sees the same page as a signed-in one.
/// </summary>
[Collection(SharedSqlitePortal.Name)]
public sealed class UploadLimitTests(SqlitePortal portal)
{
    [Fact]
    public async Task An_upload_over_the_limit_shows_the_page_naming_the_limit()
    {
        using var kestrel = portal.WithWebHostBuilder(_ => { });
        kestrel.UseKestrel(0);
        kestrel.StartServer();
        int priceListId;
        await using (var scope = kestrel.Services.CreateAsyncScope())
        {
            priceListId = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<PriceList>().OrderBy(l => l.Id).Select(l => l.Id).FirstAsync();
        }

        using var client = Client(kestrel);
        await AssertTooLargeAsync(client, "/Ordering/QuickOrder", "?handler=Upload", 9, "Order files may be up to 5 MB");
        await AssertTooLargeAsync(client, $"/Pricing/Import/{priceListId}", "", 41, "Price-list files may be up to 20 MB");
    }

    private static async Task AssertTooLargeAsync(HttpClient client, string form, string handler, int megabytes, string limit)
    {
        using var content = new MultipartFormDataContent
        {
            { new StringContent("token"), "__RequestVerificationToken" },
            { new ByteArrayContent(new byte[megabytes * 1024 * 1024]) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "Upload", "big.csv" },
        };

        using var response = await client.PostAsync(form + handler, content);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("The upload is too large", html, StringComparison.Ordinal);
        Assert.Contains(limit, html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{form}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Something went wrong", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// A client that sends "Expect: 100-continue" and waits for it, as a server that refuses a body by its declared
    /// length expects: the answer comes before the body is sent (a browser reads the early answer instead).
    /// </summary>
    private static HttpClient Client(WebApplicationFactory<Program> factory)
    {
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()
            .Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
        return new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, Expect100ContinueTimeout = TimeSpan.FromSeconds(60) })
        {
            BaseAddress = new Uri(address),
            DefaultRequestHeaders = { ExpectContinue = true },
        };
    }
}
