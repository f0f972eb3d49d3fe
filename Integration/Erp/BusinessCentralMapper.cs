using System.Text.Json;
using B2BPortal.Domain.Common;
using B2BPortal.Domain.Sync;

namespace B2BPortal.Integration.Erp;

/// <summary>
/// Business Central DTOs into the portal's ERP records. A record missing a required field, or carrying a value the
/// portal cannot take (negative stock, an unknown currency), becomes an error naming the field; the rest of the page
/// goes on. Unknown item and customer numbers are found later, by the sync that applies the record.
/// </summary>
public static class BusinessCentralMapper
{
    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    public static ErpRecord<ErpItem> Map(BcItem dto, string localCurrency)
    {
        var payload = Payload(dto);
        var key = dto.Number ?? dto.Id ?? "(no number)";
        var missing = Missing(("number", dto.Number), ("displayName", dto.DisplayName), ("inventory", dto.Inventory),
            ("unitPrice", dto.UnitPrice), ("baseUnitOfMeasureCode", dto.BaseUnitOfMeasureCode), ("lastModifiedDateTime", dto.LastModifiedDateTime));
        if (missing is not null)
        {
            return new ErpRecord<ErpItem>(key, null, missing, payload, dto.LastModifiedDateTime);
        }

        if (dto.Inventory < 0)
        {
            return new ErpRecord<ErpItem>(key, null, $"Negative inventory {dto.Inventory} for item {dto.Number}.", payload, dto.LastModifiedDateTime);
        }

        if (dto.UnitPrice < 0)
        {
            return new ErpRecord<ErpItem>(key, null, $"Negative unitPrice {dto.UnitPrice} for item {dto.Number}.", payload, dto.LastModifiedDateTime);
        }

        if (dto.UnitCost < 0)
        {
            return new ErpRecord<ErpItem>(key, null, $"Negative unitCost {dto.UnitCost} for item {dto.Number}.", payload, dto.LastModifiedDateTime);
        }

        var item = new ErpItem(dto.Number!.Trim(), dto.DisplayName!.Trim(), dto.BaseUnitOfMeasureCode!.Trim().ToUpperInvariant(),
            dto.UnitPrice!.Value, localCurrency, dto.Inventory!.Value, dto.Blocked ?? false, dto.LastModifiedDateTime!.Value, dto.UnitCost);
        return new ErpRecord<ErpItem>(key, item, null, payload, item.LastModified);
    }

    public static ErpRecord<ErpCustomer> Map(BcCustomer dto, string localCurrency)
    {
        var payload = Payload(dto);
        var key = dto.Number ?? dto.Id ?? "(no number)";
        var missing = Missing(("number", dto.Number), ("displayName", dto.DisplayName), ("creditLimit", dto.CreditLimit),
            ("blocked", dto.Blocked), ("lastModifiedDateTime", dto.LastModifiedDateTime));
        if (missing is not null)
        {
            return new ErpRecord<ErpCustomer>(key, null, missing, payload, dto.LastModifiedDateTime);
        }

        if (Currency(dto.CurrencyCode, localCurrency) is not { } currency)
        {
            return new ErpRecord<ErpCustomer>(key, null, $"Unknown currency '{dto.CurrencyCode}' for customer {dto.Number}.", payload, dto.LastModifiedDateTime);
        }

        if (dto.CreditLimit < 0)
        {
            return new ErpRecord<ErpCustomer>(key, null, $"Negative creditLimit {dto.CreditLimit} for customer {dto.Number}.", payload, dto.LastModifiedDateTime);
        }

        ErpCustomerBlock? block = dto.Blocked!.Trim() switch
        {
            "" => ErpCustomerBlock.None,
            "Ship" => ErpCustomerBlock.Ship,
            "Invoice" => ErpCustomerBlock.Invoice,
            "All" => ErpCustomerBlock.All,
            _ => null,
        };
        if (block is null)
        {
            return new ErpRecord<ErpCustomer>(key, null, $"Unknown blocked value '{dto.Blocked}' for customer {dto.Number}.", payload, dto.LastModifiedDateTime);
        }

        var customer = new ErpCustomer(dto.Number!.Trim(), dto.DisplayName!.Trim(), currency, dto.CreditLimit!.Value, dto.BalanceDue ?? 0m,
            Blank(dto.PaymentTerm?.Code), Blank(dto.PaymentTerm?.DueDateCalculation), block.Value, dto.LastModifiedDateTime!.Value);
        return new ErpRecord<ErpCustomer>(key, customer, null, payload, customer.LastModified);
    }

    public static ErpRecord<ErpInvoice> Map(BcSalesInvoice dto, string localCurrency)
    {
        var payload = Payload(dto);
        var key = dto.Number ?? dto.Id ?? "(no number)";
        var missing = Missing(("id", dto.Id), ("number", dto.Number), ("customerNumber", dto.CustomerNumber), ("invoiceDate", dto.InvoiceDate),
            ("dueDate", dto.DueDate), ("totalAmountIncludingTax", dto.TotalAmountIncludingTax), ("remainingAmount", dto.RemainingAmount),
            ("status", dto.Status), ("lastModifiedDateTime", dto.LastModifiedDateTime));
        if (missing is not null)
        {
            return new ErpRecord<ErpInvoice>(key, null, missing, payload, dto.LastModifiedDateTime);
        }

        if (Currency(dto.CurrencyCode, localCurrency) is not { } currency)
        {
            return new ErpRecord<ErpInvoice>(key, null, $"Unknown currency '{dto.CurrencyCode}' on invoice {dto.Number}.", payload, dto.LastModifiedDateTime);
        }

        var invoice = new ErpInvoice(dto.Id!, dto.Number!, dto.CustomerNumber!.Trim(), Blank(dto.ExternalDocumentNumber), Blank(dto.OrderNumber),
            dto.InvoiceDate!.Value, dto.DueDate!.Value, currency, dto.TotalAmountExcludingTax ?? dto.TotalAmountIncludingTax!.Value,
            dto.TotalAmountIncludingTax!.Value, dto.RemainingAmount!.Value, dto.Status!, dto.LastModifiedDateTime!.Value);
        return new ErpRecord<ErpInvoice>(key, invoice, null, payload, invoice.LastModified);
    }

    public static ErpRecord<ErpPayment> Map(BcCustomerPayment dto, string localCurrency)
    {
        var payload = Payload(dto);
        var key = dto.Id ?? "(no id)";
        var missing = Missing(("id", dto.Id), ("customerNumber", dto.CustomerNumber), ("postingDate", dto.PostingDate),
            ("amount", dto.Amount), ("lastModifiedDateTime", dto.LastModifiedDateTime));
        if (missing is not null)
        {
            return new ErpRecord<ErpPayment>(key, null, missing, payload, dto.LastModifiedDateTime);
        }

        var payment = new ErpPayment(dto.Id!, dto.CustomerNumber!.Trim(), dto.PostingDate!.Value, Blank(dto.DocumentNumber), dto.Amount!.Value,
            localCurrency, Blank(dto.AppliesToInvoiceNumber), Blank(dto.Description), dto.LastModifiedDateTime!.Value, Blank(dto.ExternalDocumentNumber));
        return new ErpRecord<ErpPayment>(key, payment, null, payload, payment.LastModified);
    }

    /// <summary>
    /// Item lines only (comments, G/L accounts, resources and charges move no goods). An item line without its number or
    /// quantity makes the whole shipment unreadable: a partial line list would misjudge what the order still waits for.
    /// </summary>
    public static ErpRecord<ErpShipment> Map(BcSalesShipment dto)
    {
        var payload = Payload(dto);
        var key = dto.Number ?? dto.Id ?? "(no number)";
        var missing = Missing(("id", dto.Id), ("number", dto.Number), ("customerNumber", dto.CustomerNumber), ("postingDate", dto.PostingDate),
            ("lastModifiedDateTime", dto.LastModifiedDateTime), ("salesShipmentLines", dto.SalesShipmentLines));
        if (missing is not null)
        {
            return new ErpRecord<ErpShipment>(key, null, missing, payload, dto.LastModifiedDateTime);
        }

        var lines = new List<ErpShipmentLine>();
        foreach (var line in dto.SalesShipmentLines!.Where(l => string.Equals(l.LineType?.Trim(), "Item", StringComparison.OrdinalIgnoreCase)))
        {
            var lineMissing = Missing(("lineObjectNumber", line.LineObjectNumber), ("quantity", line.Quantity));
            if (lineMissing is not null)
            {
                return new ErpRecord<ErpShipment>(key, null, $"Line {line.Sequence?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} of shipment {dto.Number}: {lineMissing}",
                    payload, dto.LastModifiedDateTime);
            }

            lines.Add(new ErpShipmentLine(line.LineObjectNumber!.Trim(), line.Quantity!.Value, Blank(line.UnitOfMeasureCode)));
        }

        var shipment = new ErpShipment(dto.Id!, dto.Number!.Trim(), dto.CustomerNumber!.Trim(), Blank(dto.ExternalDocumentNumber), Blank(dto.OrderNumber),
            dto.PostingDate!.Value, Blank(dto.ShipmentMethodCode), Blank(dto.ShippingAgentCode), Blank(dto.PackageTrackingNo), lines,
            dto.LastModifiedDateTime!.Value);
        return new ErpRecord<ErpShipment>(key, shipment, null, payload, shipment.LastModified);
    }

    public static BcSalesOrderCreate ToSalesOrder(Domain.Ordering.OrderPlacedMessage order, string localCurrency) => new()
    {
        ExternalDocumentNumber = order.OrderNumber,
        OrderDate = DateOnly.FromDateTime(order.PlacedAt.UtcDateTime),
        CustomerNumber = order.ErpCustomerNumber,

        // Business Central writes its local currency as an empty code; naming it explicitly is refused.
        CurrencyCode = string.Equals(order.Currency, localCurrency, StringComparison.OrdinalIgnoreCase) ? null : order.Currency,
        RequestedDeliveryDate = order.RequestedDeliveryDate,
        ShipToName = order.ShipTo.Name,
        ShipToAddressLine1 = order.ShipTo.Line1,
        ShipToAddressLine2 = order.ShipTo.Line2 ?? string.Empty,
        ShipToCity = order.ShipTo.City,
        ShipToPostCode = order.ShipTo.PostalCode,
        ShipToCountry = order.ShipTo.CountryCode,
        SalesOrderLines = order.Lines.Select(l => new BcSalesOrderLineCreate
        {
            Sequence = l.LineNumber * 10000,
            LineObjectNumber = l.ErpItemNumber,
            UnitOfMeasureCode = l.UnitOfMeasure,
            Quantity = l.Quantity,
            UnitPrice = l.UnitPrice,
        }).ToList(),
    };

    public static ErpRecord<ErpCreditMemo> Map(BcSalesCreditMemo dto, string localCurrency)
    {
        var payload = Payload(dto);
        var key = dto.Number ?? dto.Id ?? "(no number)";
        var missing = Missing(("id", dto.Id), ("number", dto.Number), ("customerNumber", dto.CustomerNumber), ("creditMemoDate", dto.CreditMemoDate),
            ("totalAmountIncludingTax", dto.TotalAmountIncludingTax), ("status", dto.Status), ("lastModifiedDateTime", dto.LastModifiedDateTime));
        if (missing is not null)
        {
            return new ErpRecord<ErpCreditMemo>(key, null, missing, payload, dto.LastModifiedDateTime);
        }

        if (Currency(dto.CurrencyCode, localCurrency) is not { } currency)
        {
            return new ErpRecord<ErpCreditMemo>(key, null, $"Unknown currency '{dto.CurrencyCode}' on credit memo {dto.Number}.", payload, dto.LastModifiedDateTime);
        }

        var memo = new ErpCreditMemo(dto.Id!, dto.Number!, dto.CustomerNumber!.Trim(), Blank(dto.ExternalDocumentNumber), dto.CreditMemoDate!.Value, currency,
            dto.TotalAmountExcludingTax ?? dto.TotalAmountIncludingTax!.Value, dto.TotalAmountIncludingTax!.Value, dto.Status!, dto.LastModifiedDateTime!.Value);
        return new ErpRecord<ErpCreditMemo>(key, memo, null, payload, memo.LastModified);
    }

    /// <summary>The received return as a draft credit memo: one item line per returned line, at the price the order paid.</summary>
    public static BcSalesCreditMemoCreate ToSalesCreditMemo(Domain.Returns.ReturnReceivedMessage received, string localCurrency) => new()
    {
        ExternalDocumentNumber = received.ReturnNumber,
        CreditMemoDate = DateOnly.FromDateTime(received.ReceivedAt.UtcDateTime),
        CustomerNumber = received.ErpCustomerNumber,
        CurrencyCode = string.Equals(received.Currency, localCurrency, StringComparison.OrdinalIgnoreCase) ? null : received.Currency,
        SalesCreditMemoLines = received.Lines.Select((l, i) => new BcSalesCreditMemoLineCreate
        {
            Sequence = (i + 1) * 10000,
            LineObjectNumber = l.ErpItemNumber,

            // Business Central's description is 100 characters: the order and reason, so the ERP's user sees why.
            Description = Clip($"Return of {received.OrderNumber} line {l.OrderLineNumber}: {l.Reason}", 100),
            UnitOfMeasureCode = l.UnitOfMeasure,
            Quantity = l.Quantity,
            UnitPrice = l.UnitPrice,
        }).ToList(),
    };

    private static string Clip(string s, int max) => s.Length > max ? s[..max] : s;

    private static string? Currency(string? code, string localCurrency)
    {
        var c = string.IsNullOrWhiteSpace(code) ? localCurrency : code.Trim().ToUpperInvariant();
        return CurrencyCode.IsKnown(c) ? c : null;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string? Missing(params (string Name, object? Value)[] fields)
    {
        var names = fields.Where(f => f.Value is null || (f.Value is string s && s.Length == 0 && f.Name != "blocked")).Select(f => f.Name).ToList();
        return names.Count == 0 ? null : $"Missing required field{(names.Count > 1 ? "s" : "")}: {string.Join(", ", names)}.";
    }

    private static string Payload<T>(T dto) => JsonSerializer.Serialize(dto, PayloadJson);
}
