using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Pricing;
using B2BPortal.Tests.Fixtures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace B2BPortal.Tests.Ordering;

/// <summary>
/// Ordering through the real Portal (pages, API, policies) over the demo data: placing from checkout, exactly one order
/// for a double post or a retried API call, and company isolation of orders, carts and lists (404, never another's data).
/// </summary>
public abstract class OrderingWebTests<TPortal>(TPortal portal) where TPortal : PortalFactory
{
    [Fact]
    public async Task A_buyer_places_from_checkout_and_a_double_post_of_the_form_makes_one_order()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var sku = await OrderableSkuAsync("C10000");
        await ClearCartAsync(buyer);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostFormAsync(buyer, "/Ordering/Cart?handler=Add",
            new Dictionary<string, string> { ["sku"] = sku, ["quantity"] = "3" }, "/Ordering/Cart")).StatusCode);

        var checkout = await buyer.GetStringAsync("/Ordering/Checkout");
        Assert.Contains(sku, checkout, StringComparison.Ordinal);
        var form = new Dictionary<string, string>
        {
            ["Input.CartVersion"] = Hidden(checkout, "Input.CartVersion"),
            ["Input.ReviewedTotal"] = Hidden(checkout, "Input.ReviewedTotal"),
            ["Input.ShipToAddressId"] = Regex.Match(checkout, "<option value=\"(\\d+)\"").Groups[1].Value,
            ["Input.PurchaseOrderNumber"] = "PO-WEB-1",
            ["__RequestVerificationToken"] = Hidden(checkout, "__RequestVerificationToken"),
        };

        var first = await buyer.PostAsync("/Ordering/Checkout", new FormUrlEncodedContent(form));
        var second = await buyer.PostAsync("/Ordering/Checkout", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        var detail = await buyer.GetStringAsync(first.Headers.Location!.ToString());
        Assert.Contains("PO-WEB-1", detail, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"order-state\">Placed<", detail, StringComparison.Ordinal);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        Assert.Equal(1, await db.Orders().CountAsync(o => o.PurchaseOrderNumber == "PO-WEB-1"));
    }

    [Fact]
    public async Task The_API_places_once_per_idempotency_key_and_requires_the_key()
    {
        var api = await TokenClientAsync("buyer@acme.example");
        var sku = await OrderableSkuAsync("C10000");
        (await api.DeleteAsync("/api/v1/carts/current")).EnsureSuccessStatusCode();
        var cart = await (await api.PostAsJsonAsync("/api/v1/carts/current/lines", new { sku, quantity = 2 })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<CartDto>();
        Assert.True(cart!.CanPlace);

        var noKey = await api.PostAsJsonAsync("/api/v1/orders", new { purchaseOrderNumber = "PO-API" });
        Assert.Equal(HttpStatusCode.BadRequest, noKey.StatusCode);

        var key = Guid.NewGuid().ToString("N");
        var created = await PostOrderAsync(api, key);
        var retried = await PostOrderAsync(api, key);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var a = await created.Content.ReadFromJsonAsync<OrderDto>();
        var b = await retried.Content.ReadFromJsonAsync<OrderDto>();
        Assert.Equal(a!.Number, b!.Number);
        var status = await api.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{a.Number}");
        Assert.Equal("Placed", status!.Status);
        Assert.Contains("Cancel", status.AllowedActions);
    }

    [Fact]
    public async Task An_idempotency_key_replayed_with_a_different_request_gets_422_and_another_users_key_is_their_own()
    {
        var api = await TokenClientAsync("buyer@acme.example");
        var sku = await OrderableSkuAsync("C10000");
        await api.DeleteAsync("/api/v1/carts/current");
        (await api.PostAsJsonAsync("/api/v1/carts/current/lines", new { sku, quantity = 1 })).EnsureSuccessStatusCode();
        var key = Guid.NewGuid().ToString("N");
        var placed = await (await PostOrderAsync(api, key)).Content.ReadFromJsonAsync<OrderDto>();

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(new { purchaseOrderNumber = "PO-OTHER", notes = "other" }) };
        request.Headers.Add("Idempotency-Key", key);
        var reused = await api.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("already used for a different request", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await PostOrderAsync(api, key)).StatusCode);

        var colleague = await TokenClientAsync("admin@acme.example");
        await colleague.DeleteAsync("/api/v1/carts/current");
        (await colleague.PostAsJsonAsync("/api/v1/carts/current/lines", new { sku, quantity = 1 })).EnsureSuccessStatusCode();
        var own = await PostOrderAsync(colleague, key);
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        Assert.NotEqual(placed!.Number, (await own.Content.ReadFromJsonAsync<OrderDto>())!.Number);
        Assert.Contains("\"422\"", await portal.Anonymous().GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ERP_shipments_show_on_the_order_page_and_in_the_API_with_their_delivery_note_tracked_or_not()
    {
        var api = await TokenClientAsync("buyer@acme.example");
        var sku = await OrderableSkuAsync("C10000");
        await api.DeleteAsync("/api/v1/carts/current");
        (await api.PostAsJsonAsync("/api/v1/carts/current/lines", new { sku, quantity = 2 })).EnsureSuccessStatusCode();
        var order = await (await PostOrderAsync(api, Guid.NewGuid().ToString("N"))).Content.ReadFromJsonAsync<OrderDto>();
        var at = DateTimeOffset.UtcNow;
        async Task TellAsync(Func<IOrderStatusUpdates, Task> call)
        {
            await using var scope = portal.Services.CreateAsyncScope();
            await call(scope.ServiceProvider.GetRequiredService<IOrderStatusUpdates>());
        }

        await TellAsync(u => u.SubmittedToErpAsync(order!.Number, "erp-id", "101777", at, CancellationToken.None));
        await TellAsync(u => u.ShipmentChangedAsync(order!.Number, new ShipmentNotice("", "", ShipmentState.PreTransit, at, false, null, "102777"), CancellationToken.None));
        await TellAsync(u => u.ShipmentChangedAsync(order!.Number,
            new ShipmentNotice("DHL", "00340434161094042559", ShipmentState.PreTransit, at.AddMinutes(1), true, null, "102778"), CancellationToken.None));

        var detail = await (await portal.SignedInAsync("buyer@acme.example")).GetStringAsync($"/Ordering/OrderDetail/{order!.Number}");
        Assert.Contains("data-testid=\"order-state\">Shipped<", detail, StringComparison.Ordinal);
        Assert.Contains("Carrier not named", detail, StringComparison.Ordinal);
        Assert.Contains("no tracking number", detail, StringComparison.Ordinal);
        Assert.Contains("delivery note 102777", detail, StringComparison.Ordinal);
        Assert.Contains("00340434161094042559", detail, StringComparison.Ordinal);
        var json = await api.GetStringAsync($"/api/v1/orders/{order.Number}");
        Assert.Contains("\"reference\":\"102778\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_order_page_the_API_and_the_order_list_show_fulfilment_and_invoicing_side_by_side()
    {
        var api = await TokenClientAsync("buyer@acme.example");
        var sku = await OrderableSkuAsync("C10000");
        await api.DeleteAsync("/api/v1/carts/current");
        (await api.PostAsJsonAsync("/api/v1/carts/current/lines", new { sku, quantity = 2 })).EnsureSuccessStatusCode();
        var order = (await (await PostOrderAsync(api, Guid.NewGuid().ToString("N"))).Content.ReadFromJsonAsync<OrderDto>())!;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var placed = await db.Orders().AsNoTracking().SingleAsync(o => o.Number == order.Number);
            var updates = scope.ServiceProvider.GetRequiredService<IOrderStatusUpdates>();
            await updates.SubmittedToErpAsync(order.Number, "erp-id-inv", "101888", DateTimeOffset.UtcNow, CancellationToken.None);
            var invoice = new B2BPortal.Domain.Invoicing.Invoice("erp-inv-" + order.Number, "PSI-" + order.Number[^6..], placed.CompanyId);
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            invoice.ApplyErp(placed.CompanyId, order.Number, today, today.AddDays(30), placed.Total, placed.Total * 1.19m, placed.Total * 1.19m,
                B2BPortal.Domain.Invoicing.InvoiceStatus.Open, DateTimeOffset.UtcNow);
            db.Invoices.Add(invoice);
            await db.SaveChangesAsync();
            await updates.InvoicesChangedAsync(order.Number, DateTimeOffset.UtcNow, CancellationToken.None);
        }

        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var detail = await buyer.GetStringAsync($"/Ordering/OrderDetail/{order.Number}");
        Assert.Contains("data-testid=\"order-progress\">Invoiced, not yet shipped<", detail, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"fulfilment\">Confirmed<", detail, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"order-invoicing\">Invoiced<", detail, StringComparison.Ordinal);
        Assert.Contains($"id=\"invoice-PSI-{order.Number[^6..]}\"", detail, StringComparison.Ordinal);
        Assert.Matches($"data-testid=\"invoice-link\"[^>]*>Invoice PSI-{order.Number[^6..]}</a>", detail);

        var json = await api.GetFromJsonAsync<InvoicedOrderDto>($"/api/v1/orders/{order.Number}");
        Assert.Equal(("Confirmed", "Invoiced", "Invoiced, not yet shipped"), (json!.Status, json.Invoicing, json.Progress));
        var line = Assert.Single(json.Invoices);
        Assert.Equal(($"PSI-{order.Number[^6..]}", "Open", true), (line.InvoiceNumber, line.Status, line.CountsAsInvoiced));
        var list = await api.GetStringAsync($"/api/v1/orders?pageSize=100");
        Assert.Contains("\"invoicing\":\"Invoiced\"", list, StringComparison.Ordinal);
        Assert.Contains("<th>Invoicing</th>", await buyer.GetStringAsync("/Ordering/Orders"), StringComparison.Ordinal);
        Assert.Contains("\"invoicedAmount\"", await portal.Anonymous().GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_session_cannot_post_to_the_API_without_the_antiforgery_token()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");

        var response = await buyer.PostAsJsonAsync("/api/v1/carts/current/lines", new { sku = "X", quantity = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Anti-forgery", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_buyer_of_another_company_gets_404_for_orders_lists_and_actions_of_the_first()
    {
        var acmeApi = await TokenClientAsync("buyer@acme.example");
        var sku = await OrderableSkuAsync("C10000");
        await acmeApi.DeleteAsync("/api/v1/carts/current");
        (await acmeApi.PostAsJsonAsync("/api/v1/carts/current/lines", new { sku, quantity = 1 })).EnsureSuccessStatusCode();
        var order = await (await PostOrderAsync(acmeApi, Guid.NewGuid().ToString("N"))).Content.ReadFromJsonAsync<OrderDto>();
        int listId;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var owner = await db.Users.SingleAsync(u => u.Email == "buyer@acme.example");
            var list = new SavedList(owner.CompanyId!.Value, new Actor(owner.Id, owner.DisplayName, owner.CompanyId, new HashSet<string> { Roles.Buyer }), "Acme shared", true, DateTimeOffset.UtcNow);
            db.SavedLists().Add(list);
            await db.SaveChangesAsync();
            listId = list.Id;
        }

        var borealis = await portal.SignedInAsync("admin@borealis.example");
        var borealisApi = await TokenClientAsync("buyer@borealis.example");

        Assert.Equal(HttpStatusCode.NotFound, (await borealis.GetAsync($"/Ordering/OrderDetail/{order!.Number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await borealisApi.GetAsync($"/api/v1/orders/{order.Number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PortalFactory.PostFormAsync(borealis, $"/Ordering/OrderDetail/{order.Number}?handler=Act",
            new Dictionary<string, string> { ["trigger"] = "Cancel" }, "/Ordering/Orders")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PortalFactory.PostFormAsync(borealis, "/Ordering/Approvals?handler=Decide",
            new Dictionary<string, string> { ["number"] = order.Number, ["approve"] = "true" }, "/Ordering/Approvals")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await borealis.GetAsync($"/Ordering/Lists?id={listId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PortalFactory.PostFormAsync(borealis, $"/Ordering/Lists?handler=AddToCart&id={listId}",
            new Dictionary<string, string>(), "/Ordering/Lists")).StatusCode);
        Assert.DoesNotContain(order.Number, await borealis.GetStringAsync("/Ordering/Orders"), StringComparison.Ordinal);
        var list2 = await borealisApi.GetFromJsonAsync<OrderListDto>("/api/v1/orders");
        Assert.DoesNotContain(list2!.Items, o => o.Number == order.Number);
        Assert.Equal(HttpStatusCode.BadRequest, (await borealisApi.PostAsJsonAsync("/api/v1/carts/current/lines", new { sku, quantity = 1 })).StatusCode);

        // The order's own company still sees it, and staff find it across companies.
        var accountant = await portal.SignedInAsync("accountant@b2bportal.example");
        Assert.Contains(order.Number, await accountant.GetStringAsync($"/Orders/Staff?Number={order.Number}"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await accountant.GetAsync($"/Ordering/OrderDetail/{order.Number}")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await borealis.GetAsync("/Orders/Staff")).StatusCode);
    }

    [Fact]
    public async Task An_uploaded_CSV_is_checked_line_by_line_before_anything_goes_into_the_cart()
    {
        var buyer = await portal.SignedInAsync("buyer@borealis.example");
        var sku = await OrderableSkuAsync("C20000");
        var foreign = await OrderableSkuAsync("C10000", excludeCompany: "C20000");
        await ClearCartAsync(buyer);
        var csv = $"SKU;Quantity\n{sku};1\nNOPE-1;2\n{foreign};1\n{sku};x\n{sku};1\n";

        var page = await buyer.GetStringAsync("/Ordering/QuickOrder");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(Hidden(page, "__RequestVerificationToken")), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)) { Headers = { ContentType = new MediaTypeHeaderValue("text/csv") } }, "Upload", "order.csv" },
        };
        var html = await (await buyer.PostAsync("/Ordering/QuickOrder?handler=Upload", content)).Content.ReadAsStringAsync();

        Assert.Contains("1 ready to add", html, StringComparison.Ordinal);
        Assert.Contains("1 duplicates merged", html, StringComparison.Ordinal);
        // A nonexistent SKU and another company's real SKU get the same answer: which SKUs exist is not told.
        Assert.Contains("2 not in your catalog", html, StringComparison.Ordinal);
        Assert.Contains("Row 3, column SKU: no product NOPE-1 in your catalog.", html, StringComparison.Ordinal);
        Assert.Contains($"Row 4, column SKU: no product {foreign} in your catalog.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("nknown SKU", html, StringComparison.Ordinal);
        Assert.Contains("Row 5, column Quantity: &#x27;x&#x27; is not a number", html, StringComparison.Ordinal);
        Assert.DoesNotContain(sku, await buyer.GetStringAsync("/Ordering/Cart"), StringComparison.Ordinal);

        var add = await buyer.PostAsync("/Ordering/QuickOrder?handler=Add", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Accepted"] = System.Net.WebUtility.HtmlDecode(Regex.Match(html, "name=\"Accepted\" value=\"([^\"]*)\"").Groups[1].Value),
            ["__RequestVerificationToken"] = Hidden(html, "__RequestVerificationToken"),
        }));
        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        Assert.Contains(sku, await buyer.GetStringAsync("/Ordering/Cart"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pasted_lines_answer_another_companys_SKU_and_a_nonexistent_one_alike()
    {
        var buyer = await portal.SignedInAsync("buyer@borealis.example");
        var foreign = await OrderableSkuAsync("C10000", excludeCompany: "C20000");

        var html = await (await PortalFactory.PostFormAsync(buyer, "/Ordering/QuickOrder?handler=Check",
            new Dictionary<string, string> { ["Lines"] = $"{foreign}\t1\nZZZ-999999\t1" }, "/Ordering/QuickOrder")).Content.ReadAsStringAsync();

        Assert.Contains("2 not in your catalog", html, StringComparison.Ordinal);
        Assert.Contains($"Row 1, column SKU: no product {foreign} in your catalog.", html, StringComparison.Ordinal);
        Assert.Contains("Row 2, column SKU: no product ZZZ-999999 in your catalog.", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(html, "<td>Not in your catalog</td>"));
    }

    [Fact]
    public async Task Every_ordering_page_answers_its_roles_and_turns_others_away()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        foreach (var url in new[] { "/Ordering/Cart", "/Ordering/QuickOrder", "/Ordering/Lists", "/Ordering/Orders" })
        {
            Assert.Equal(HttpStatusCode.OK, (await buyer.GetAsync(url)).StatusCode);
        }

        Assert.Contains("action=\"/Ordering/Cart?handler=Add\"", await buyer.GetStringAsync("/Catalog"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await buyer.GetAsync("/Ordering/Approvals")).StatusCode);
        var admin = await portal.SignedInAsync("admin@acme.example");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Ordering/Approvals")).StatusCode);
        var staff = await portal.SignedInAsync("rep@b2bportal.example");
        Assert.Equal(HttpStatusCode.Redirect, (await staff.GetAsync("/Ordering/Cart")).StatusCode);
        Assert.DoesNotContain("handler=Add", await staff.GetStringAsync("/Catalog"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/Orders/Staff")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await portal.Anonymous().GetAsync("/Ordering/Cart")).StatusCode);

        var openApi = await portal.Anonymous().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/orders", openApi, StringComparison.Ordinal);
        Assert.Contains("/api/v1/carts/current/lines", openApi, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_BuyerAdmin_sets_a_limit_and_approves_the_order_that_exceeds_it_on_the_Approvals_page()
    {
        var admin = await portal.SignedInAsync("admin@acme.example");
        var approvals = await admin.GetStringAsync("/Ordering/Approvals");
        var buyerId = Regex.Match(approvals, "name=\"userId\" value=\"([^\"]+)\" /><input type=\"hidden\" name=\"kind\" value=\"OrderLimit\"[^<]*<input name=\"amount\"[^>]*aria-label=\"Order limit of Alice Buyer\"").Groups[1].Value;
        Assert.NotEmpty(buyerId);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostFormAsync(admin, "/Ordering/Approvals?handler=SetLimit",
            new Dictionary<string, string> { ["userId"] = buyerId, ["kind"] = "OrderLimit", ["amount"] = "0.01" }, "/Ordering/Approvals")).StatusCode);

        var buyer = await TokenClientAsync("buyer@acme.example");
        await buyer.DeleteAsync("/api/v1/carts/current");
        (await buyer.PostAsJsonAsync("/api/v1/carts/current/lines", new { sku = await OrderableSkuAsync("C10000"), quantity = 1 })).EnsureSuccessStatusCode();
        var order = await (await PostOrderAsync(buyer, Guid.NewGuid().ToString("N"))).Content.ReadFromJsonAsync<OrderDto>();
        Assert.Equal("PendingApproval", order!.Status);

        Assert.Contains(order.Number, await admin.GetStringAsync("/Ordering/Approvals"), StringComparison.Ordinal);
        var decided = await PortalFactory.PostFormAsync(admin, "/Ordering/Approvals?handler=Decide",
            new Dictionary<string, string> { ["number"] = order.Number, ["approve"] = "true", ["comment"] = "ok" }, "/Ordering/Approvals");
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        Assert.Equal("Placed", (await buyer.GetFromJsonAsync<OrderDto>($"/api/v1/orders/{order.Number}"))!.Status);

        await PortalFactory.PostFormAsync(admin, "/Ordering/Approvals?handler=SetLimit",
            new Dictionary<string, string> { ["userId"] = buyerId, ["kind"] = "OrderLimit", ["amount"] = "" }, "/Ordering/Approvals");
    }

    [Fact]
    public async Task A_saved_list_and_a_past_order_go_back_into_the_cart()
    {
        var buyer = await portal.SignedInAsync("buyer@acme.example");
        var sku = await OrderableSkuAsync("C10000");
        await ClearCartAsync(buyer);
        var created = await PortalFactory.PostFormAsync(buyer, "/Ordering/Lists?handler=Create", new Dictionary<string, string> { ["Name"] = "Weekly restock", ["Shared"] = "true" }, "/Ordering/Lists");
        var listUrl = created.Headers.Location!.ToString();
        await PortalFactory.PostFormAsync(buyer, listUrl.Replace("/Ordering/Lists?", "/Ordering/Lists?handler=SetLine&", StringComparison.Ordinal),
            new Dictionary<string, string> { ["sku"] = sku, ["quantity"] = "4" }, listUrl);
        Assert.Contains(sku, await buyer.GetStringAsync(listUrl), StringComparison.Ordinal);

        var second = await portal.SignedInAsync("admin@acme.example");
        Assert.Contains("Weekly restock", await second.GetStringAsync("/Ordering/Lists"), StringComparison.Ordinal);
        var notOwner = await PortalFactory.PostFormAsync(second, listUrl.Replace("/Ordering/Lists?", "/Ordering/Lists?handler=Delete&", StringComparison.Ordinal), new Dictionary<string, string>(), listUrl);
        Assert.Equal(HttpStatusCode.BadRequest, notOwner.StatusCode);

        await PortalFactory.PostFormAsync(buyer, listUrl.Replace("/Ordering/Lists?", "/Ordering/Lists?handler=AddToCart&", StringComparison.Ordinal), new Dictionary<string, string>(), listUrl);
        Assert.Contains(sku, await buyer.GetStringAsync("/Ordering/Cart"), StringComparison.Ordinal);

        var api = await TokenClientAsync("buyer@acme.example");
        var order = await (await PostOrderAsync(api, Guid.NewGuid().ToString("N"))).Content.ReadFromJsonAsync<OrderDto>();
        Assert.DoesNotContain(sku, await buyer.GetStringAsync("/Ordering/Cart"), StringComparison.Ordinal);
        await PortalFactory.PostFormAsync(buyer, $"/Ordering/OrderDetail/{order!.Number}?handler=Reorder", new Dictionary<string, string>(), $"/Ordering/OrderDetail/{order.Number}");
        Assert.Contains(sku, await buyer.GetStringAsync("/Ordering/Cart"), StringComparison.Ordinal);
        Assert.Contains(order.Number, await buyer.GetStringAsync($"/Ordering/Orders?Sku={sku}"), StringComparison.Ordinal);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(order.Number, await buyer.GetStringAsync($"/Ordering/Orders?Status=Placed&From={today}&To={today}&Po=PO-API"), StringComparison.Ordinal);
        Assert.DoesNotContain(order.Number, await buyer.GetStringAsync($"/Ordering/Orders?Status=Cancelled"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await buyer.GetAsync("/Ordering/Orders?From=2026-12-01&To=2026-11-01")).StatusCode);
    }

    private static Task<HttpResponseMessage> PostOrderAsync(HttpClient api, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = JsonContent.Create(new { purchaseOrderNumber = "PO-API" }) };
        request.Headers.Add("Idempotency-Key", key);
        return api.SendAsync(request);
    }

    private static async Task ClearCartAsync(HttpClient client) =>
        await PortalFactory.PostFormAsync(client, "/Ordering/Cart?handler=Clear", new Dictionary<string, string>(), "/Ordering/Cart");

    private async Task<HttpClient> TokenClientAsync(string email)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        var (token, plain) = ApiToken.Issue("tests", user, new Actor(user.Id, user.DisplayName, user.CompanyId, new HashSet<string> { Roles.BuyerAdmin }), DateTimeOffset.UtcNow, null, ApiScopes.Names);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync();
        var client = portal.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", plain);
        return client;
    }

    private async Task<string> OrderableSkuAsync(string erpCustomerNumber, string? excludeCompany = null) =>
        (await OrderableSkus.FindAsync(portal, erpCustomerNumber, 1, excludeCompany))[0];

    private static string Hidden(string html, string name) =>
        System.Net.WebUtility.HtmlDecode(Regex.Match(html, $"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"|value=\"([^\"]*)\"[^>]*name=\"{Regex.Escape(name)}\"") is { Success: true } m
            ? (m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            : throw new InvalidOperationException($"No field {name} in the page."));

    private sealed record CartDto(int Version, bool CanPlace);

    private sealed record OrderDto(string Number, string Status, List<string> AllowedActions);

    private sealed record InvoiceLineDto(string InvoiceNumber, string Status, bool CountsAsInvoiced);

    private sealed record InvoicedOrderDto(string Status, string Invoicing, string Progress, List<InvoiceLineDto> Invoices);

    private sealed record OrderListDto(List<OrderDto> Items);
}

public sealed class OrderingWebTestsOnSqlite(SqlitePortal portal) : OrderingWebTests<SqlitePortal>(portal), IClassFixture<SqlitePortal>;

public sealed class OrderingWebTestsOnPostgres(PostgresPortal portal) : OrderingWebTests<PostgresPortal>(portal), IClassFixture<PostgresPortal>;
