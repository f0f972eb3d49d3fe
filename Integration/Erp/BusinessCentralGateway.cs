using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using B2BPortal.Domain.Ordering;
using B2BPortal.Domain.Returns;
using B2BPortal.Domain.Sync;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace B2BPortal.Integration.Erp;

/// <summary>
/// <see cref="IErpGateway"/> over Business Central API v2.0. Translates partner failures into the two exceptions the
/// jobs understand: <see cref="ErpUnavailableException"/> (try later) and <see cref="ErpRejectedException"/> (do not).
/// </summary>
public sealed class BusinessCentralGateway(IBusinessCentralApi api, IOptions<ErpOptions> options, PaymentJournalCache journals) : IErpGateway
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private ErpOptions O => options.Value;

    private string Prefer => $"odata.maxpagesize={O.PageSize}";

    public Task<ErpPage<ErpItem>> ReadItemsAsync(ErpReadRequest request, CancellationToken ct) =>
        ReadAsync(request, "number", q => api.GetItemsAsync(O.CompanyId, q, Prefer, ct), (BcItem d) => BusinessCentralMapper.Map(d, O.LocalCurrency), ct);

    public async Task<ErpLedgerPage> ReadItemLedgerEntriesAsync(long afterEntryNumber, string? continuation, CancellationToken ct)
    {
        var query = new ODataQuery
        {
            Filter = FormattableString.Invariant($"entryNumber gt {afterEntryNumber}"),
            OrderBy = "entryNumber asc",
            Select = "entryNumber,itemNumber,lastModifiedDateTime",
        };
        var page = await CallAsync(() => continuation is { } next ? FollowAsync<BcItemLedgerEntry>(next, ct) : GetPageAsync<BcItemLedgerEntry>(LedgerUri(query), ct), ct);
        if (page.Value is null)
        {
            throw new ErpUnavailableException("The ERP answered a page of item ledger entries without its 'value' array.");
        }

        // The entry number is the ledger's key and the sync's position: a page without it cannot be applied in order.
        if (page.Value.Exists(e => e.EntryNumber is null))
        {
            throw new ErpUnavailableException("The ERP answered an item ledger entry without its entryNumber.");
        }

        var entries = page.Value.Where(e => !string.IsNullOrWhiteSpace(e.ItemNumber))
            .Select(e => new ErpItemLedgerEntry(e.EntryNumber!.Value, e.ItemNumber!.Trim(), e.LastModifiedDateTime))
            .ToList();
        return new ErpLedgerPage(entries, page.Value.Count == 0 ? null : page.Value.Max(e => e.EntryNumber), string.IsNullOrEmpty(page.NextLink) ? null : page.NextLink);
    }

    public async Task<long?> ReadLastItemLedgerEntryNumberAsync(CancellationToken ct)
    {
        var query = new ODataQuery { OrderBy = "entryNumber desc", Top = 1, Select = "entryNumber" };
        var page = await CallAsync(() => GetPageAsync<BcItemLedgerEntry>(LedgerUri(query), ct), ct);
        return page.Value?.FirstOrDefault()?.EntryNumber;
    }

    public IReadOnlyList<IReadOnlyList<string>> BatchItemNumbers(IEnumerable<string> numbers)
    {
        // What a read of items by number costs in the URL besides the numbers, as Refit escapes it.
        var fixedLength = O.BaseUrl!.ToString().TrimEnd('/').Length + $"/companies({O.CompanyId})/items".Length
            + "?%24filter=".Length + Uri.EscapeDataString("()").Length
            + "&%24orderby=".Length + Uri.EscapeDataString(KeyReadOrder).Length;
        var separator = Uri.EscapeDataString(" or ").Length;
        var batches = new List<IReadOnlyList<string>>();
        var batch = new List<string>();
        var length = fixedLength;
        foreach (var number in numbers)
        {
            var clause = Uri.EscapeDataString(KeyClause("number", number)).Length + (batch.Count == 0 ? 0 : separator);
            if (batch.Count > 0 && length + clause > O.MaxUrlLength)
            {
                batches.Add(batch);
                batch = [];
                length = fixedLength;
                clause -= separator;
            }

            batch.Add(number);
            length += clause;
        }

        if (batch.Count > 0)
        {
            batches.Add(batch);
        }

        return batches;
    }

    public Task<ErpPage<ErpCustomer>> ReadCustomersAsync(ErpReadRequest request, CancellationToken ct) =>
        ReadAsync(request, "number", q =>
        {
            q.Expand = "paymentTerm";
            return api.GetCustomersAsync(O.CompanyId, q, Prefer, ct);
        }, (BcCustomer d) => BusinessCentralMapper.Map(d, O.LocalCurrency), ct);

    public Task<ErpPage<ErpInvoice>> ReadInvoicesAsync(ErpReadRequest request, CancellationToken ct) =>
        ReadAsync(request, "number", q =>
        {
            // Drafts are not invoices yet: only posted ones (Open, Paid, Canceled, Corrective) come into the portal.
            q.Filter = q.Filter is null ? "status ne 'Draft'" : $"({q.Filter}) and status ne 'Draft'";
            return api.GetSalesInvoicesAsync(O.CompanyId, q, Prefer, ct);
        }, (BcSalesInvoice d) => BusinessCentralMapper.Map(d, O.LocalCurrency), ct);

    public Task<ErpPage<ErpPayment>> ReadPaymentsAsync(ErpReadRequest request, CancellationToken ct) =>
        ReadAsync(request, "id", q => api.GetCustomerPaymentsAsync(O.CompanyId, q, Prefer, ct), (BcCustomerPayment d) => BusinessCentralMapper.Map(d, O.LocalCurrency), ct);

    public Task<ErpPage<ErpShipment>> ReadShipmentsAsync(ErpReadRequest request, CancellationToken ct) =>
        ReadAsync(request, "number", q =>
        {
            q.Expand = "salesShipmentLines";

            // The entity set (and, for a custom API page, its root) is configuration: see ErpOptions.ShipmentsResource.
            var root = (O.ShipmentsApiRoot ?? O.BaseUrl!).ToString().TrimEnd('/');
            return GetPageAsync<BcSalesShipment>(new Uri($"{root}/companies({O.CompanyId})/{O.ShipmentsResource}?{QueryString(q)}"), ct);
        }, BusinessCentralMapper.Map, ct);

    public async Task<ErpOrderReference?> FindSalesOrderAsync(string orderNumber, CancellationToken ct)
    {
        var query = new ODataQuery { Filter = $"externalDocumentNumber eq {Literal(orderNumber)}", Select = "id,number,externalDocumentNumber" };
        var page = await CallAsync(() => api.GetSalesOrdersAsync(O.CompanyId, query, ct), ct);
        var found = page.Value?.FirstOrDefault(o => string.Equals(o.ExternalDocumentNumber, orderNumber, StringComparison.Ordinal));
        return found is { Id: { } id, Number: { } number } ? new ErpOrderReference(id, number) : null;
    }

    public async Task<ErpOrderReference> CreateSalesOrderAsync(OrderPlacedMessage order, CancellationToken ct)
    {
        var body = BusinessCentralMapper.ToSalesOrder(order, O.LocalCurrency);
        var created = await CallAsync(() => api.CreateSalesOrderAsync(O.CompanyId, body, ct), ct);
        if (created is not { Id: { } id, Number: { } number })
        {
            throw new ErpUnavailableException($"The ERP created order {order.OrderNumber} but its answer lacks the id or number.");
        }

        return new ErpOrderReference(id, number);
    }

    public async Task<bool> CancelSalesOrderAsync(string erpOrderId, CancellationToken ct)
    {
        // The id goes into the URL: only a GUID, as Business Central's ids are, may get there.
        if (!Guid.TryParse(erpOrderId, out var id))
        {
            throw new ErpRejectedException($"'{erpOrderId}' is not a Business Central sales order id.");
        }

        var response = await CallAsync(() => api.DeleteSalesOrderAsync(O.CompanyId, id.ToString(), "*", ct), ct);
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound)
        {
            return response.IsSuccessStatusCode;
        }

        throw Translate(response.Error!) ?? response.Error!;
    }

    public async Task<ErpPaymentLine?> FindCustomerPaymentAsync(string reference, CancellationToken ct)
    {
        var journalId = await PaymentJournalIdAsync(ct);
        var query = new ODataQuery { Filter = $"externalDocumentNumber eq {Literal(reference)}", Select = "id,journalId,externalDocumentNumber" };
        var page = await CallAsync(() => api.GetJournalCustomerPaymentsAsync(O.CompanyId, journalId, query, ct), ct);
        var found = page.Value?.FirstOrDefault(p => string.Equals(p.ExternalDocumentNumber, reference, StringComparison.Ordinal));
        return found is { Id: { } id } ? new ErpPaymentLine(journalId, id) : null;
    }

    public async Task<ErpPaymentLine> CreateCustomerPaymentAsync(ErpPaymentPosting posting, CancellationToken ct)
    {
        // customerPayments has no currency of its own: a journal line is in the ERP's local currency, so another one cannot go.
        if (!string.Equals(posting.Currency, O.LocalCurrency, StringComparison.Ordinal))
        {
            throw new ErpRejectedException($"Payment {posting.Reference} is in {posting.Currency}; the ERP's customer payment journal takes {O.LocalCurrency} only. Book it in the ERP by hand.");
        }

        var journalId = await PaymentJournalIdAsync(ct);
        var body = new BcCustomerPaymentCreate
        {
            CustomerNumber = posting.CustomerNumber,
            PostingDate = posting.PostingDate,
            ExternalDocumentNumber = posting.Reference,
            Amount = posting.Amount,
            AppliesToInvoiceId = Guid.TryParse(posting.AppliesToInvoiceId, out var invoiceId) ? invoiceId.ToString() : null,
            AppliesToInvoiceNumber = posting.AppliesToInvoiceNumber,
            Description = posting.Description.Length > 100 ? posting.Description[..100] : posting.Description,
        };
        var created = await CallAsync(() => api.CreateCustomerPaymentAsync(O.CompanyId, journalId, body, ct), ct);
        return created is { Id: { } id }
            ? new ErpPaymentLine(journalId, id)
            : throw new ErpUnavailableException($"The ERP created payment {posting.Reference} but its answer lacks the id.");
    }

    public async Task<bool> DeleteCustomerPaymentAsync(ErpPaymentLine line, CancellationToken ct)
    {
        if (!Guid.TryParse(line.JournalId, out var journal) || !Guid.TryParse(line.Id, out var id))
        {
            throw new ErpRejectedException($"'{line.JournalId}/{line.Id}' is not a Business Central payment journal line id.");
        }

        var response = await CallAsync(() => api.DeleteCustomerPaymentAsync(O.CompanyId, journal.ToString(), id.ToString(), "*", ct), ct);
        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound)
        {
            return response.IsSuccessStatusCode;
        }

        throw Translate(response.Error!) ?? response.Error!;
    }

    /// <summary>The configured payment journal's id: looked up by code once per process (and created when the ERP has none).</summary>
    private async Task<string> PaymentJournalIdAsync(CancellationToken ct)
    {
        var key = $"{O.BaseUrl}|{O.CompanyId}|{O.PaymentJournalCode}";
        if (journals.TryGet(key, out var cached))
        {
            return cached;
        }

        var query = new ODataQuery { Filter = $"code eq {Literal(O.PaymentJournalCode)}", Select = "id,code,displayName" };
        var page = await CallAsync(() => api.GetCustomerPaymentJournalsAsync(O.CompanyId, query, ct), ct);
        var journal = page.Value?.FirstOrDefault(j => string.Equals(j.Code, O.PaymentJournalCode, StringComparison.OrdinalIgnoreCase))
            ?? await CallAsync(() => api.CreateCustomerPaymentJournalAsync(O.CompanyId,
                new BcCustomerPaymentJournalCreate { Code = O.PaymentJournalCode, DisplayName = "Payments matched in the B2B portal" }, ct), ct);
        if (journal.Id is not { } id)
        {
            throw new ErpUnavailableException($"The ERP answered customer payment journal {O.PaymentJournalCode} without its id.");
        }

        journals.Set(key, id);
        return id;
    }

    public async Task<ErpOrderReference?> FindSalesCreditMemoAsync(string returnNumber, CancellationToken ct)
    {
        var query = new ODataQuery { Filter = $"externalDocumentNumber eq {Literal(returnNumber)}", Select = "id,number,externalDocumentNumber" };
        var page = await CallAsync(() => api.GetSalesCreditMemosAsync(O.CompanyId, query, Prefer, ct), ct);
        var found = page.Value?.FirstOrDefault(m => string.Equals(m.ExternalDocumentNumber, returnNumber, StringComparison.Ordinal));
        return found is { Id: { } id, Number: { } number } ? new ErpOrderReference(id, number) : null;
    }

    public async Task<ErpOrderReference> CreateSalesCreditMemoAsync(ReturnReceivedMessage received, CancellationToken ct)
    {
        var body = BusinessCentralMapper.ToSalesCreditMemo(received, O.LocalCurrency);
        var created = await CallAsync(() => api.CreateSalesCreditMemoAsync(O.CompanyId, body, ct), ct);
        if (created is not { Id: { } id, Number: { } number })
        {
            throw new ErpUnavailableException($"The ERP created the credit memo of return {received.ReturnNumber} but its answer lacks the id or number.");
        }

        return new ErpOrderReference(id, number);
    }

    public Task<ErpPage<ErpCreditMemo>> ReadCreditMemosAsync(ErpReadRequest request, CancellationToken ct) =>
        ReadAsync(request, "number", q =>
        {
            // Drafts (the export's own, waiting to be posted) are not credit yet: only posted memos come into the portal.
            q.Filter = q.Filter is null ? "status ne 'Draft' and status ne 'In Review'" : $"({q.Filter}) and status ne 'Draft' and status ne 'In Review'";
            return api.GetSalesCreditMemosAsync(O.CompanyId, q, Prefer, ct);
        }, (BcSalesCreditMemo d) => BusinessCentralMapper.Map(d, O.LocalCurrency), ct);

    private async Task<ErpPage<TRecord>> ReadAsync<TDto, TRecord>(
        ErpReadRequest request,
        string keyField,
        Func<ODataQuery, Task<ODataPage<TDto>>> firstPage,
        Func<TDto, ErpRecord<TRecord>> map,
        CancellationToken ct)
        where TRecord : class
    {
        ODataPage<TDto> page;
        if (request.Continuation is { } next)
        {
            page = await CallAsync(() => FollowAsync<TDto>(next, ct), ct);
        }
        else
        {
            var filters = new List<string>();
            if (request.ModifiedSince is { } since)
            {
                filters.Add("lastModifiedDateTime ge " + since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            }

            if (request.Keys is { Count: > 0 } keys)
            {
                filters.Add("(" + string.Join(" or ", keys.Select(k => KeyClause(keyField, k))) + ")");
            }

            var query = new ODataQuery
            {
                Filter = filters.Count == 0 ? null : string.Join(" and ", filters),
                OrderBy = KeyReadOrder,
            };
            page = await CallAsync(() => firstPage(query), ct);
        }

        if (page.Value is null)
        {
            throw new ErpUnavailableException("The ERP answered a page without its 'value' array.");
        }

        var records = page.Value.Select(map).ToList();
        return new ErpPage<TRecord>(records, string.IsNullOrEmpty(page.NextLink) ? null : page.NextLink);
    }

    private const string KeyReadOrder = "lastModifiedDateTime asc";

    private static string KeyClause(string keyField, string key) =>
        keyField == "id" && Guid.TryParse(key, out var g) ? $"id eq {g}" : $"{keyField} eq {Literal(key)}";

    private Uri LedgerUri(ODataQuery query) =>
        new($"{O.BaseUrl!.ToString().TrimEnd('/')}/companies({O.CompanyId})/itemLedgerEntries?{QueryString(query)}");

    private async Task<ODataPage<T>> FollowAsync<T>(string nextLink, CancellationToken ct)
    {
        // The next link is followed as the ERP gave it, but only on the ERP's own host: the bearer token goes nowhere else.
        if (!Uri.TryCreate(nextLink, UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, O.BaseUrl!.Authority, StringComparison.OrdinalIgnoreCase))
        {
            throw new ErpRejectedException($"The ERP's next link '{nextLink}' does not point at {O.BaseUrl!.Authority}.");
        }

        return await GetPageAsync<T>(uri, ct);
    }

    private async Task<ODataPage<T>> GetPageAsync<T>(Uri uri, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.TryAddWithoutValidation("Prefer", Prefer);
        using var response = await api.Client.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw await ApiException.Create(request, HttpMethod.Get, response, new RefitSettings());
        }

        return await response.Content.ReadFromJsonAsync<ODataPage<T>>(Json, ct)
            ?? throw new ErpUnavailableException("The ERP answered an empty page.");
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && Translate(ex) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>Partner failures into the two exceptions the jobs act on; anything else is left to surface as a bug.</summary>
    private static Exception? Translate(Exception ex)
    {
        // Refit wraps transport failures (timeouts, a broken circuit, a refused connection) in ApiRequestException.
        var cause = ex is ApiRequestException { InnerException: { } inner } ? inner : ex;
        return cause switch
        {
            ApiException { InnerException: JsonException json } => new ErpUnavailableException($"The ERP answered malformed JSON: {json.Message}", ex),
            ApiException api when IsTransient(api.StatusCode) => new ErpUnavailableException($"The ERP answered {(int)api.StatusCode} {api.StatusCode}: {ErrorText(api)}", ex)
            {
                RetryAfter = RetryAfter(api),
            },
            ApiException api => new ErpRejectedException($"The ERP refused ({(int)api.StatusCode} {api.StatusCode}): {ErrorText(api)}", ex),
            JsonException json => new ErpUnavailableException($"The ERP answered malformed JSON: {json.Message}", ex),
            BrokenCircuitException => new ErpUnavailableException("The ERP is unavailable (circuit open after repeated failures).", ex),
            TimeoutRejectedException timeout => new ErpUnavailableException($"The ERP did not answer within {timeout.Timeout.TotalSeconds:0} s.", ex),
            HttpRequestException http => new ErpUnavailableException($"The ERP cannot be reached: {http.Message}", ex),
            OperationCanceledException => new ErpUnavailableException("The ERP call timed out.", ex),
            _ => null,
        };
    }

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized || (int)status >= 500;

    private static TimeSpan? RetryAfter(ApiException ex)
    {
        var header = ex.Headers.RetryAfter;
        return header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
    }

    private static string ErrorText(ApiException ex)
    {
        if (ex.Content is { Length: > 0 } content)
        {
            try
            {
                var body = JsonSerializer.Deserialize<BcErrorBody>(content, Json);
                if (body?.Error?.Message is { } message)
                {
                    return $"{body.Error.Code}: {message}";
                }
            }
            catch (JsonException)
            {
                // Not Business Central's error body; show the raw text below.
            }

            return content.Length > 500 ? content[..500] : content;
        }

        return ex.ReasonPhrase ?? ex.Message;
    }

    private static string QueryString(ODataQuery q) => string.Join("&", new[]
        {
            ("$filter", q.Filter), ("$orderby", q.OrderBy), ("$expand", q.Expand), ("$select", q.Select),
            ("$top", q.Top?.ToString(CultureInfo.InvariantCulture)),
        }.Where(p => p.Item2 is not null).Select(p => p.Item1 + "=" + Uri.EscapeDataString(p.Item2!)));

    /// <summary>An OData string literal: single quotes, inner quotes doubled.</summary>
    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}

/// <summary>Payment journal ids by ERP, company and code: a journal's id never changes, so one look-up per process is enough.</summary>
public sealed class PaymentJournalCache
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _ids = new(StringComparer.Ordinal);

    public bool TryGet(string key, out string id) => _ids.TryGetValue(key, out id!);

    public void Set(string key, string id) => _ids[key] = id;
}
