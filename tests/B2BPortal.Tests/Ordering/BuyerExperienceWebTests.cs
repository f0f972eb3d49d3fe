using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Ordering;

/// <summary>
/// The buyer's pages over the demo data: a search that forgives (did you mean, SKU keys, synonyms, type-ahead), and no
/// lost work (confirmation and undo for emptying the cart and deleting lists, quantity errors where they were typed,
/// update all, remove selected, the header's cart count). Each cart test uses a buyer of its own.
/// </summary>
public abstract partial class BuyerExperienceWebTests<TPortal>(TPortal portal) where TPortal : PortalFactory
{
    private static readonly Dictionary<string, string> NoFields = [];

    [Fact]
    public async Task A_misspelt_search_shows_what_was_searched_instead_and_offers_the_words_as_typed()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");

        var corrected = await buyer.GetStringAsync("/Catalog?q=hamer");
        var asTyped = await buyer.GetStringAsync("/Catalog?q=hamer&exact=true");

        Assert.Matches("data-testid=\"did-you-mean\"[^>]*>\\s*No products match “hamer”. Showing results for <strong>hammer</strong>", corrected);
        Assert.Contains("data-testid=\"results\"", corrected, StringComparison.Ordinal);
        Assert.Contains("href=\"/Catalog?q=hamer&amp;exact=true\"", corrected, StringComparison.Ordinal);
        Assert.DoesNotContain("did-you-mean", asTyped, StringComparison.Ordinal);
        Assert.Contains("No products match.", asTyped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_SKU_typed_without_separators_and_a_demo_synonym_find_their_products()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var sku = (await OrderableSkus.FindAsync(portal, "C10000", 1))[0];

        var bySkuKey = await buyer.GetStringAsync($"/Catalog?q={sku.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant()}");
        var bySynonym = await buyer.GetStringAsync("/Catalog?q=schraube");

        var firstRow = bySkuKey.IndexOf("/Catalog/Product/", StringComparison.Ordinal);
        Assert.Equal(sku, bySkuKey.Substring(firstRow + "/Catalog/Product/".Length, sku.Length));
        Assert.Contains(" Screw ", bySynonym, StringComparison.Ordinal);
        Assert.DoesNotContain("did-you-mean", bySynonym, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Type_ahead_suggests_products_and_categories_of_the_buyers_own_catalog_only()
    {
        var acme = await portal.SignedInAsync("buyer@acme.example");
        var borealis = await portal.SignedInAsync("buyer@borealis.example");

        var mine = await acme.GetFromJsonAsync<SuggestionsDto>("/Catalog/Suggest?q=hamm");
        var theirs = await borealis.GetFromJsonAsync<SuggestionsDto>("/Catalog/Suggest?q=hamm");
        var tooShort = await acme.GetFromJsonAsync<SuggestionsDto>("/Catalog/Suggest?q=h");

        Assert.InRange(mine!.Products.Count, 1, CatalogSearch.SuggestionCount);
        Assert.All(mine.Products, p => Assert.Contains("Hammer", p.Label, StringComparison.Ordinal));
        Assert.All(mine.Products, p => Assert.Equal($"/Catalog/Product/{p.Detail}", p.Url));
        Assert.Contains(mine.Categories, c => c.Label == "Hammers" && c.Url.StartsWith("/Catalog?category=", StringComparison.Ordinal));
        Assert.Empty(theirs!.Products);
        Assert.Empty(theirs.Categories);
        Assert.Empty(tooShort!.Products);
    }

    [Fact]
    public async Task An_administrator_keeps_the_synonym_list_and_every_change_is_audited()
    {
        var admin = await portal.SignedInAsync("admin@b2bportal.example");

        var added = await PortalFactory.PostFormAsync(admin, "/Admin/Synonyms?handler=Add", new Dictionary<string, string> { ["Words"] = $"ladder, leiter{Provider}" }, "/Admin/Synonyms");
        var refused = await PortalFactory.PostFormAsync(admin, "/Admin/Synonyms?handler=Add", new Dictionary<string, string> { ["Words"] = "hex bolt, sechskant" }, "/Admin/Synonyms");

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Contains($"ladder, leiter{Provider}", await admin.GetStringAsync("/Admin/Synonyms"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("is not one word", page, StringComparison.Ordinal);
        Assert.Contains("value=\"hex bolt, sechskant\"", page, StringComparison.Ordinal);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.EntityType == "SearchSynonyms" && a.Action == "Added" && a.After == $"ladder, leiter{Provider}" && a.ActorName == "Adam Administrator"));
    }

    [Fact]
    public async Task Emptying_the_cart_asks_first_and_can_be_undone()
    {
        var (buyer, skus) = await BuyerWithCartAsync("empty");

        var confirm = await buyer.GetStringAsync("/Ordering/Cart?confirm=clear");
        Assert.Matches("<form[^>]*id=\"clear-confirm\"(?![^>]*hidden)[^>]*>", confirm);
        Assert.Contains("All 2 lines", confirm, StringComparison.Ordinal);
        Assert.Matches("<form[^>]*id=\"clear-confirm\"[^>]*hidden", await buyer.GetStringAsync("/Ordering/Cart"));

        await PortalFactory.PostFormAsync(buyer, "/Ordering/Cart?handler=Clear", NoFields, "/Ordering/Cart");
        var emptied = await buyer.GetStringAsync("/Ordering/Cart");
        Assert.DoesNotContain(skus[0], emptied, StringComparison.Ordinal);
        Assert.Contains("Removed 2 lines from your cart.", emptied, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"cart-count\">0<", emptied, StringComparison.Ordinal);

        var undo = await PortalFactory.PostFormAsync(buyer, "/Ordering/Cart?handler=Undo", new Dictionary<string, string> { ["removalId"] = RemovalId(emptied) }, "/Ordering/Cart");
        Assert.Equal(HttpStatusCode.Redirect, undo.StatusCode);
        var restored = await buyer.GetStringAsync("/Ordering/Cart");
        Assert.All(skus, sku => Assert.Contains($"data-sku=\"{sku}\"", restored, StringComparison.Ordinal));
        Assert.Contains("2 lines are back in your cart.", restored, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"cart-count\">2<", restored, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"undo-offer\"", restored, StringComparison.Ordinal);

        var twice = await PortalFactory.PostFormAsync(buyer, "/Ordering/Cart?handler=Undo", new Dictionary<string, string> { ["removalId"] = RemovalId(emptied) }, "/Ordering/Cart");
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("That was already put back.", await twice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_buyer_cannot_undo_a_removal_that_is_not_theirs()
    {
        var (owner, _) = await BuyerWithCartAsync("undo-owner");
        var (other, _) = await BuyerWithCartAsync("undo-other");
        await PortalFactory.PostFormAsync(owner, "/Ordering/Cart?handler=Clear", NoFields, "/Ordering/Cart");
        var removalId = RemovalId(await owner.GetStringAsync("/Ordering/Cart"));

        var refused = await PortalFactory.PostFormAsync(other, "/Ordering/Cart?handler=Undo", new Dictionary<string, string> { ["removalId"] = removalId }, "/Ordering/Cart");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("There is nothing to undo.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"undo-offer\"", await owner.GetStringAsync("/Ordering/Cart"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_all_saves_every_quantity_or_none_and_marks_the_box_that_is_not_a_quantity()
    {
        var (buyer, skus) = await BuyerWithCartAsync("update-all");
        var ids = await ProductIdsAsync(skus);

        var refused = await PortalFactory.PostFormAsync(buyer, "/Ordering/Cart?handler=UpdateAll",
            new Dictionary<string, string> { [$"qty[{ids[0]}]"] = "4", [$"qty[{ids[1]}]"] = "three" }, "/Ordering/Cart");
        var page = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Matches($"id=\"q-{ids[1]}\" name=\"qty\\[{ids[1]}\\]\" value=\"three\"[^>]*is-invalid", page);
        Assert.Contains($"id=\"q-{ids[1]}-error\" data-testid=\"quantity-error\">&#x27;three&#x27; is not a quantity", page, StringComparison.Ordinal);
        Assert.Equal([1m, 1m], await QuantitiesAsync("update-all", ids));

        var saved = await PortalFactory.PostFormAsync(buyer, "/Ordering/Cart?handler=UpdateAll",
            new Dictionary<string, string> { [$"qty[{ids[0]}]"] = "4", [$"qty[{ids[1]}]"] = "2,5" }, "/Ordering/Cart");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal([4m, 2.5m], await QuantitiesAsync("update-all", ids));
    }

    [Fact]
    public async Task Remove_selected_takes_out_the_ticked_lines_and_can_be_undone()
    {
        var (buyer, skus) = await BuyerWithCartAsync("remove-selected");
        var ids = await ProductIdsAsync(skus);

        var nothing = await PortalFactory.PostFormAsync(buyer, "/Ordering/Cart?handler=RemoveSelected", NoFields, "/Ordering/Cart");
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Contains("Tick the lines to remove first.", await nothing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var content = new FormUrlEncodedContent([new("selected", ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture)), new("__RequestVerificationToken", await TokenAsync(buyer, "/Ordering/Cart"))]);
        Assert.Equal(HttpStatusCode.Redirect, (await buyer.PostAsync("/Ordering/Cart?handler=RemoveSelected", content)).StatusCode);

        var page = await buyer.GetStringAsync("/Ordering/Cart");
        Assert.DoesNotContain($"data-sku=\"{skus[0]}\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-sku=\"{skus[1]}\"", page, StringComparison.Ordinal);
        Assert.Contains("Removed 1 line from your cart.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_add_on_the_product_page_comes_back_to_it_with_the_error_beside_the_quantity_as_typed()
    {
        // Acme orders HEX-000001 from 100 in fifties (demo pricing).
        var buyer = await NewBuyerAsync("product-add");

        var refused = await PortalFactory.PostFormAsync(buyer, "/Ordering/Cart?handler=Add",
            new Dictionary<string, string> { ["sku"] = "HEX-000001", ["quantity"] = "30", ["returnUrl"] = "/Catalog/Product/HEX-000001" }, "/Catalog/Product/HEX-000001");

        Assert.Equal((HttpStatusCode.Redirect, "/Catalog/Product/HEX-000001"), (refused.StatusCode, refused.Headers.Location?.OriginalString));
        var page = await buyer.GetStringAsync("/Catalog/Product/HEX-000001");
        Assert.Contains("id=\"add-qty\" name=\"quantity\" class=\"form-control is-invalid\" value=\"30\"", page, StringComparison.Ordinal);
        Assert.Matches("id=\"add-qty-error\" data-cart-error data-testid=\"add-error\">HEX-000001: The minimum order quantity is 100.", page);
        Assert.DoesNotContain("data-testid=\"add-error\">HEX", await buyer.GetStringAsync("/Catalog/Product/HEX-000001"), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"cart-count\">0<", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_JavaScript_an_add_answers_with_the_cart_count_or_the_error_for_the_quantity_box()
    {
        var buyer = await NewBuyerAsync("json-add");
        var sku = (await OrderableSkus.FindAsync(portal, "C10000", 1))[0];

        var added = await PostJsonAddAsync(buyer, sku, "2");
        var refused = await PostJsonAddAsync(buyer, "HEX-000001", "30");
        var notANumber = await PostJsonAddAsync(buyer, sku, "2x");

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var answer = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, $"Added 2 × {sku} to your cart."), (answer.GetProperty("cartCount").GetInt32(), answer.GetProperty("message").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("HEX-000001: The minimum order quantity is 100.", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal("'2x' is not a quantity; enter a number such as 10 or 2.5.", (await notANumber.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Deleting_a_list_asks_first_and_can_be_undone_with_its_lines()
    {
        var buyer = await NewBuyerAsync("list-undo");
        var sku = (await OrderableSkus.FindAsync(portal, "C10000", 1))[0];
        var created = await PortalFactory.PostFormAsync(buyer, "/Ordering/Lists?handler=Create", new Dictionary<string, string> { ["Name"] = "Monthly", ["Shared"] = "true" }, "/Ordering/Lists");
        var listUrl = created.Headers.Location!.OriginalString;
        var id = listUrl[(listUrl.IndexOf("id=", StringComparison.Ordinal) + 3)..];
        await PortalFactory.PostFormAsync(buyer, $"/Ordering/Lists?handler=SetLine&id={id}", new Dictionary<string, string> { ["sku"] = sku, ["quantity"] = "7" }, listUrl);

        Assert.Matches("<form[^>]*id=\"delete-confirm\"(?![^>]*hidden)[^>]*>", await buyer.GetStringAsync($"/Ordering/Lists?id={id}&confirm=delete"));
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostFormAsync(buyer, $"/Ordering/Lists?handler=Delete&id={id}", NoFields, listUrl)).StatusCode);
        var deleted = await buyer.GetStringAsync("/Ordering/Lists");
        Assert.Contains("List “Monthly” deleted.", deleted, StringComparison.Ordinal);

        var undo = await PortalFactory.PostFormAsync(buyer, "/Ordering/Lists?handler=Undo", new Dictionary<string, string> { ["removalId"] = RemovalId(deleted) }, "/Ordering/Lists");
        var back = await buyer.GetStringAsync(undo.Headers.Location!.OriginalString);
        Assert.Contains("<h2 class=\"h5\">Monthly</h2>", back, StringComparison.Ordinal);
        Assert.Contains(sku, back, StringComparison.Ordinal);
        Assert.Contains("value=\"7\"", back, StringComparison.Ordinal);
        Assert.Contains("shared", back, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_says_before_placing_that_the_order_needs_approval_and_who_approves_it()
    {
        var (buyer, _) = await BuyerWithCartAsync("checkout-approval");
        string approver;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var user = await db.Users.SingleAsync(u => u.Email == Email("checkout-approval"));
            var company = await db.Companies.SingleAsync(c => c.Id == user.CompanyId);
            approver = await db.Users.Where(u => u.Email == "admin@acme.example").Select(u => u.DisplayName).SingleAsync();
            db.SpendingLimits().Add(new SpendingLimit(company.Id, user.Id, SpendingLimitKind.OrderLimit, Money.Of(0.01m, company.Currency), Actor.System("test"), DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        var page = await buyer.GetStringAsync("/Ordering/Checkout");

        Assert.Matches("data-testid=\"approval-needed\"><strong>Needs approval before it is placed.</strong> Approval needed: the order total [A-Z]{3} [0-9,.]+ is above your order limit", page);
        Assert.Matches($"data-testid=\"approvers\">Your company's approvers? [^<]*{Regex.Escape(WebUtility.HtmlEncode(approver))}", page);
        Assert.Contains(">Send for approval · ", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"no-approval\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_shows_the_total_terms_and_full_ship_to_in_its_summary_and_no_empty_error_box()
    {
        var (buyer, _) = await BuyerWithCartAsync("checkout-summary");
        string line1, city;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var companyId = await db.Users.Where(u => u.Email == Email("checkout-summary")).Select(u => u.CompanyId).SingleAsync();
            var company = await db.Companies.Include(c => c.Addresses).SingleAsync(c => c.Id == companyId);
            var address = company.Addresses.Where(a => a.Kind == AddressKind.Shipping).OrderByDescending(a => a.IsDefault).ThenBy(a => a.Label).ThenBy(a => a.Id).First();
            (line1, city) = (address.Line1, address.City);
        }

        var page = await buyer.GetStringAsync("/Ordering/Checkout");

        var total = Regex.Match(page, "data-testid=\"checkout-total\">([^<]+)<").Groups[1].Value;
        Assert.NotEmpty(total);
        Assert.Contains($"data-testid=\"summary-total\">{total}</strong>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"errors\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"no-approval\">No approval needed", page, StringComparison.Ordinal);
        Assert.Matches("data-testid=\"payment-terms\">Payment terms: [^<]+\\.</li>", page);
        Assert.Contains("data-testid=\"credit-headline\">", page, StringComparison.Ordinal);
        // Every ship-to's full address is on the page for the picker's script; the chosen one is the one not hidden.
        var shown = Assert.Single(Regex.Matches(page, "<address([^>]*)data-testid=\"ship-to-full\"([^>]*)>(.*?)</address>", RegexOptions.Singleline),
            m => !m.Groups[1].Value.Contains("hidden", StringComparison.Ordinal) && !m.Groups[2].Value.Contains("hidden", StringComparison.Ordinal)).Groups[3].Value;
        // Razor writes "ß" as &#xDF;, WebUtility as &#223;: compare the text, not one encoder's spelling of it.
        Assert.Contains(line1, WebUtility.HtmlDecode(shown), StringComparison.Ordinal);
        Assert.Contains(city, WebUtility.HtmlDecode(shown), StringComparison.Ordinal);
        Assert.Contains(">Place order · ", page, StringComparison.Ordinal);
    }

    private static string Provider => typeof(TPortal).Name.Replace("Portal", "", StringComparison.Ordinal).ToLowerInvariant();

    private static string Email(string buyerName) => $"{buyerName}-{Provider}@acme.example";

    private async Task<HttpClient> NewBuyerAsync(string name)
    {
        var email = Email(name);
        await TestUsers.CreateAsync(portal, email, Roles.Buyer, "C10000");
        return await portal.SignedInAsync(email);
    }

    private async Task<(HttpClient Buyer, IReadOnlyList<string> Skus)> BuyerWithCartAsync(string name)
    {
        var buyer = await NewBuyerAsync(name);
        var skus = await OrderableSkus.FindAsync(portal, "C10000", 2);
        foreach (var sku in skus)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostFormAsync(buyer, "/Ordering/Cart?handler=Add",
                new Dictionary<string, string> { ["sku"] = sku, ["quantity"] = "1" }, "/Ordering/Cart")).StatusCode);
        }

        return (buyer, skus);
    }

    private async Task<IReadOnlyList<int>> ProductIdsAsync(IReadOnlyList<string> skus)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var ids = await db.Products.Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, p => p.Id);
        return skus.Select(s => ids[s]).ToList();
    }

    private async Task<IReadOnlyList<decimal>> QuantitiesAsync(string buyerName, IReadOnlyList<int> productIds)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var email = Email(buyerName);
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var cart = await db.Carts().AsNoTracking().Include(c => c.Lines).SingleAsync(c => c.UserId == userId);
        return productIds.Select(id => cart.Lines.Single(l => l.ProductId == id).Quantity).ToList();
    }

    private static async Task<HttpResponseMessage> PostJsonAddAsync(HttpClient buyer, string sku, string quantity)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/Ordering/Cart?handler=Add")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["sku"] = sku,
                ["quantity"] = quantity,
                ["returnUrl"] = "/Catalog",
                ["__RequestVerificationToken"] = await TokenAsync(buyer, "/Catalog"),
            }),
        };
        request.Headers.Accept.ParseAdd("application/json");
        return await buyer.SendAsync(request);
    }

    private static async Task<string> TokenAsync(HttpClient client, string page) =>
        TokenPattern().Match(await client.GetStringAsync(page)).Groups[1].Value;

    private static string RemovalId(string html) => RemovalIdPattern().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("name=\"removalId\" value=\"(\\d+)\"")]
    private static partial Regex RemovalIdPattern();

    private sealed record SuggestionDto(string Label, string Detail, string Url);

    private sealed record SuggestionsDto(List<SuggestionDto> Products, List<SuggestionDto> Categories);
}

[Collection(SharedSqlitePortal.Name)]
public sealed class BuyerExperienceWebTestsOnSqlite(SqlitePortal portal) : BuyerExperienceWebTests<SqlitePortal>(portal);

[Collection(SharedPostgresPortal.Name)]
public sealed class BuyerExperienceWebTestsOnPostgres(PostgresPortal portal) : BuyerExperienceWebTests<PostgresPortal>(portal);
