using Refit;

namespace B2BPortal.Integration.Erp;

/// <summary>
/// Business Central API v2.0, under the environment's root (…/v2.0/{environment}/api/v2.0). Every resource sits under its
/// company. Reads ask for pages of <see cref="ErpOptions.PageSize"/> with the <c>Prefer: odata.maxpagesize</c> header
/// and follow <c>@odata.nextLink</c> as given (<see cref="Client"/>).
/// </summary>
public interface IBusinessCentralApi
{
    /// <summary>The configured client (token and resilience handlers included), used to follow next links as-is.</summary>
    HttpClient Client { get; }

    [Get("/companies({companyId})/items")]
    Task<ODataPage<BcItem>> GetItemsAsync(string companyId, [Query] ODataQuery query, [Header("Prefer")] string prefer, CancellationToken ct);

    [Get("/companies({companyId})/customers")]
    Task<ODataPage<BcCustomer>> GetCustomersAsync(string companyId, [Query] ODataQuery query, [Header("Prefer")] string prefer, CancellationToken ct);

    [Get("/companies({companyId})/salesInvoices")]
    Task<ODataPage<BcSalesInvoice>> GetSalesInvoicesAsync(string companyId, [Query] ODataQuery query, [Header("Prefer")] string prefer, CancellationToken ct);

    [Get("/companies({companyId})/customerPayments")]
    Task<ODataPage<BcCustomerPayment>> GetCustomerPaymentsAsync(string companyId, [Query] ODataQuery query, [Header("Prefer")] string prefer, CancellationToken ct);

    [Get("/companies({companyId})/salesOrders")]
    Task<ODataPage<BcSalesOrder>> GetSalesOrdersAsync(string companyId, [Query] ODataQuery query, CancellationToken ct);

    [Post("/companies({companyId})/salesOrders")]
    Task<BcSalesOrder> CreateSalesOrderAsync(string companyId, [Body] BcSalesOrderCreate order, CancellationToken ct);

    [Get("/companies({companyId})/customerPaymentJournals")]
    Task<ODataPage<BcCustomerPaymentJournal>> GetCustomerPaymentJournalsAsync(string companyId, [Query] ODataQuery query, CancellationToken ct);

    [Post("/companies({companyId})/customerPaymentJournals")]
    Task<BcCustomerPaymentJournal> CreateCustomerPaymentJournalAsync(string companyId, [Body] BcCustomerPaymentJournalCreate journal, CancellationToken ct);

    [Get("/companies({companyId})/customerPaymentJournals({journalId})/customerPayments")]
    Task<ODataPage<BcCustomerPayment>> GetJournalCustomerPaymentsAsync(string companyId, string journalId, [Query] ODataQuery query, CancellationToken ct);

    [Post("/companies({companyId})/customerPaymentJournals({journalId})/customerPayments")]
    Task<BcCustomerPayment> CreateCustomerPaymentAsync(string companyId, string journalId, [Body] BcCustomerPaymentCreate payment, CancellationToken ct);

    /// <summary>204 No Content; If-Match <c>*</c> as for sales orders.</summary>
    [Delete("/companies({companyId})/customerPaymentJournals({journalId})/customerPayments({id})")]
    Task<IApiResponse> DeleteCustomerPaymentAsync(string companyId, string journalId, string id, [Header("If-Match")] string ifMatch, CancellationToken ct);

    [Get("/companies({companyId})/salesCreditMemos")]
    Task<ODataPage<BcSalesCreditMemo>> GetSalesCreditMemosAsync(string companyId, [Query] ODataQuery query, [Header("Prefer")] string prefer, CancellationToken ct);

    [Post("/companies({companyId})/salesCreditMemos")]
    Task<BcSalesCreditMemo> CreateSalesCreditMemoAsync(string companyId, [Body] BcSalesCreditMemoCreate memo, CancellationToken ct);

    /// <summary>204 No Content. Business Central requires If-Match; <c>*</c> deletes whatever version it holds.</summary>
    [Delete("/companies({companyId})/salesOrders({id})")]
    Task<IApiResponse> DeleteSalesOrderAsync(string companyId, string id, [Header("If-Match")] string ifMatch, CancellationToken ct);
}

/// <summary>OData system query options; unset ones are left out of the URL.</summary>
public sealed class ODataQuery
{
    [AliasAs("$filter")]
    public string? Filter { get; set; }

    [AliasAs("$orderby")]
    public string? OrderBy { get; set; }

    [AliasAs("$expand")]
    public string? Expand { get; set; }

    [AliasAs("$select")]
    public string? Select { get; set; }

    [AliasAs("$top")]
    public int? Top { get; set; }
}
