using System.Net;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Persistence;
using B2BPortal.Specs.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TechTalk.SpecFlow;

namespace B2BPortal.Specs.Steps.Catalog;

[Binding]
public sealed partial class CatalogVisibilitySteps
{
    private string? _sku;
    private string? _buyer;
    private HttpResponseMessage? _response;
    private string _html = string.Empty;

    [Given("the demo companies and their catalogs")]
    public static void GivenTheDemoData() => _ = PortalContext.Portal.Services;

    [When(@"""(.*)"" searches for the SKU of a product in ""(.*)""")]
    public async Task WhenSearchesForSku(string buyer, string category)
    {
        _sku = await SkuInAsync(category);
        var client = await PortalContext.Portal.SignedInAsync(buyer);
        _html = await client.GetStringAsync($"/Catalog?q={_sku}");
    }

    [When(@"""(.*)"" opens a product in ""(.*)""")]
    public async Task WhenOpensProduct(string buyer, string category)
    {
        _sku = await SkuInAsync(category);
        var client = await PortalContext.Portal.SignedInAsync(buyer);
        _response = await client.GetAsync($"/Catalog/Product/{_sku}");
    }

    [When(@"""(.*)"" searches for ""(.*)""")]
    public async Task WhenSearches(string buyer, string term)
    {
        _buyer = buyer;
        var client = await PortalContext.Portal.SignedInAsync(buyer);
        _html = await client.GetStringAsync($"/Catalog?q={term}&pageSize=100");
    }

    [Then("that product is the first result")]
    public void ThenFirst() => Assert.Equal(_sku, ProductLinks().First());

    [Then("the product is not found")]
    public void ThenNotFound() => Assert.Equal(HttpStatusCode.NotFound, _response!.StatusCode);

    [Then("the product is shown")]
    public void ThenShown() => Assert.Equal(HttpStatusCode.OK, _response!.StatusCode);

    [Then("no result is from a category outside their catalogs")]
    public async Task ThenNoForeignResults()
    {
        using var scope = PortalContext.Portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var companyId = await db.Users.Where(u => u.Email == _buyer).Select(u => u.CompanyId!.Value).SingleAsync();
        var visible = (await db.VisibleCategoryIdsAsync(companyId, CancellationToken.None)).ToHashSet();
        var skus = ProductLinks().Distinct().ToList();
        var categories = await db.Products.Where(p => skus.Contains(p.Sku)).Select(p => p.CategoryId).ToListAsync();
        Assert.All(categories, c => Assert.Contains(c, visible));
    }

    private IEnumerable<string> ProductLinks() => ProductLink().Matches(_html).Select(m => m.Groups[1].Value);

    private static async Task<string> SkuInAsync(string category)
    {
        using var scope = PortalContext.Portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Products.Where(p => db.Categories.Any(c => c.Id == p.CategoryId && c.Name == category)).OrderBy(p => p.Id).Select(p => p.Sku).FirstAsync();
    }

    [GeneratedRegex("/Catalog/Product/([A-Z0-9./_-]+)\"")]
    private static partial Regex ProductLink();
}
