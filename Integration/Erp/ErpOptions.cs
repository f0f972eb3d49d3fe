using System.ComponentModel.DataAnnotations;

namespace B2BPortal.Integration.Erp;

/// <summary>The <c>Erp</c> configuration section: where Business Central is and how to sign in to it (README: Configuration).</summary>
public sealed class ErpOptions : IValidatableObject
{
    public const string Section = "Erp";

    /// <summary>
    /// The environment's API root, e.g. <c>https://api.businesscentral.dynamics.com/v2.0/{tenant}/production/api/v2.0/</c>.
    /// Empty: no ERP is connected; the ERP jobs stay unscheduled and placed orders wait in the outbox.
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The Business Central company id (GUID) every resource sits under.</summary>
    public string CompanyId { get; set; } = string.Empty;

    /// <summary>OAuth2 token endpoint, e.g. <c>https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token</c>.</summary>
    public Uri? TokenEndpoint { get; set; }

    public string ClientId { get; set; } = string.Empty;

    public bool IsConfigured => BaseUrl is not null;

    /// <summary>The app registration's secret; keep it in user secrets or the environment, never in appsettings.json.</summary>
    public string ClientSecret { get; set; } = string.Empty;

    public string Scope { get; set; } = "https://api.businesscentral.dynamics.com/.default";

    /// <summary>The ERP's local currency: Business Central leaves currencyCode empty for it.</summary>
    [Required]
    [StringLength(3, MinimumLength = 3)]
    public string LocalCurrency { get; set; } = "EUR";

    /// <summary>The warehouse code the ERP's item inventory is recorded under in the portal.</summary>
    [Required]
    [StringLength(20)]
    public string WarehouseCode { get; set; } = "MAIN";

    /// <summary>Records per page (Prefer: odata.maxpagesize); Business Central online allows up to 20,000.</summary>
    [Range(1, 20000)]
    public int PageSize { get; set; } = 1000;

    /// <summary>
    /// The longest request URL the portal sends; reads by a list of keys (the items a ledger page names) are split to fit.
    /// 2,000 keeps clear of the limits of proxies and gateways between the portal and the ERP.
    /// </summary>
    [Range(512, 32_000)]
    public int MaxUrlLength { get; set; } = 2000;

    /// <summary>One attempt's timeout.</summary>
    [Range(1, 600)]
    public int AttemptTimeoutSeconds { get; set; } = 30;

    /// <summary>All attempts of one call together, retries included.</summary>
    [Range(1, 3600)]
    public int TotalTimeoutSeconds { get; set; } = 120;

    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially with jitter, or follow the ERP's Retry-After.</summary>
    [Range(0, 60_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 2000;

    /// <summary>Calls seen in the sampling window before the circuit breaker may open (at half of them failing).</summary>
    [Range(2, 10_000)]
    public int CircuitBreakerMinimumThroughput { get; set; } = 20;

    /// <summary>How long the breaker stays open: calls fail at once instead of adding load to a struggling ERP.</summary>
    [Range(1, 3600)]
    public int CircuitBreakerBreakSeconds { get; set; } = 30;

    /// <summary>
    /// The entity set posted sales shipments are read from, under <c>companies({CompanyId})</c>. The standard v2.0
    /// <c>salesShipments</c> has no tracking number or shipping agent; an installation that exposes them (a custom API
    /// page or an extension, fields <c>packageTrackingNo</c> and <c>shippingAgentCode</c>) names its entity set here.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9_]{0,79}$", ErrorMessage = "Erp:ShipmentsResource is an entity set name, e.g. salesShipments.")]
    public string ShipmentsResource { get; set; } = "salesShipments";

    /// <summary>
    /// The API root of <see cref="ShipmentsResource"/> when it is a custom API page, e.g.
    /// <c>https://api.businesscentral.dynamics.com/v2.0/{tenant}/production/api/contoso/logistics/v1.0/</c>; empty: <see cref="BaseUrl"/>.
    /// </summary>
    public Uri? ShipmentsApiRoot { get; set; }

    /// <summary>
    /// The ERP's shipping agent codes and the carrier each means in the portal (e.g. <c>"DHLPAKET": "DHL"</c>). A code not
    /// listed is matched to a courier adapter's carrier name, ignoring case; otherwise the shipment keeps the code as its
    /// carrier and is not tracked.
    /// </summary>
    public Dictionary<string, string> ShippingAgents { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The customer payment journal (batch) the portal posts the payments it matched into, by code; created in the ERP when
    /// missing. Business Central journal batch names have at most 10 characters.
    /// </summary>
    [Required]
    [StringLength(10, MinimumLength = 1)]
    [RegularExpression("^[A-Za-z0-9_-]+$", ErrorMessage = "Erp:PaymentJournalCode is letters, digits, '-' or '_' (at most 10).")]
    public string PaymentJournalCode { get; set; } = "PORTAL";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TotalTimeoutSeconds < AttemptTimeoutSeconds)
        {
            yield return new ValidationResult("Erp:TotalTimeoutSeconds must be at least Erp:AttemptTimeoutSeconds.", [nameof(TotalTimeoutSeconds)]);
        }

        if (!IsConfigured)
        {
            yield break;
        }

        if (!Guid.TryParse(CompanyId, out _))
        {
            yield return new ValidationResult("Erp:CompanyId is the Business Central company's GUID.", [nameof(CompanyId)]);
        }

        if (ShipmentsApiRoot is { } root && (!root.IsAbsoluteUri || !string.Equals(root.Authority, BaseUrl!.Authority, StringComparison.OrdinalIgnoreCase)))
        {
            yield return new ValidationResult("Erp:ShipmentsApiRoot is an absolute URL on the same host as Erp:BaseUrl (the token is valid there only).", [nameof(ShipmentsApiRoot)]);
        }

        if (TokenEndpoint is null || string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult("Erp:TokenEndpoint and Erp:ClientId are needed to sign in to the ERP (Erp:ClientSecret from secrets).", [nameof(TokenEndpoint), nameof(ClientId)]);
        }
    }
}
