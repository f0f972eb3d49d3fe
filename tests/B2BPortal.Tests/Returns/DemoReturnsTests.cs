using System.Net;
using B2BPortal.Tests.Web;

namespace B2BPortal.Tests.Returns;

/// <summary>The demo set as a newcomer gets it: Acme's buyer sees a credited and a requested return, staff see the requested one waiting.</summary>
public sealed class DemoReturnsTests(SampleOrdersPortal portal) : IClassFixture<SampleOrdersPortal>
{
    [Fact]
    public async Task A_newcomer_sees_a_credited_and_a_requested_return_and_staff_see_the_requested_one_waiting()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var list = WebUtility.HtmlDecode(await buyer.GetStringAsync("/Returns"));
        Assert.Contains("<td>Credited</td>", list, StringComparison.Ordinal);
        Assert.Contains("<td>Requested</td>", list, StringComparison.Ordinal);

        var admin = await portal.SignedInAsync("admin@b2bportal.example");
        var queue = await admin.GetStringAsync("/Returns/Queue");
        Assert.Contains("<td>Requested</td>", queue, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>Credited</td>", queue, StringComparison.Ordinal);
        Assert.Contains("PS-CM-DEMO-1", await admin.GetStringAsync(CreditedLink(list)), StringComparison.Ordinal);
    }

    /// <summary>The detail link of the list's credited return (the row's first link).</summary>
    private static string CreditedLink(string html)
    {
        var row = html[..html.IndexOf("<td>Credited</td>", StringComparison.Ordinal)];
        var href = row.LastIndexOf("href=\"/Returns/Detail/", StringComparison.Ordinal);
        var start = href + "href=\"".Length;
        return row[start..row.IndexOf('"', start)];
    }
}
