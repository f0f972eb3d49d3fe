using B2BPortal.Domain.Common;
using B2BPortal.Domain.Invoicing;
using B2BPortal.Domain.Persistence;
using B2BPortal.Domain.Settlements;
using B2BPortal.Integration.Settlements;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Portal.Infrastructure.DemoData;

/// <summary>
/// Settlement reconciliation for a newcomer (README: Demo sign-ins): invoices of Acme, Borealis and Contoso as InvoiceSync
/// writes them, and this morning's bank statement imported through the real importer, so the accountant finds clean matches
/// of every rule (reference, invoice number in the text, known payer, several invoices at once, a bank fee within the
/// tolerance), a reversal that undid its match, and the exceptions queue holding one of every kind. The invoices are paid
/// before they fall due, so what stays open is not overdue and credit control's demo cases stay its own three companies.
/// </summary>
public sealed class DemoSettlementsSeeder(PortalDbContext db, StatementImporter importer, TimeProvider clock)
{
    public const string StatementId = "DEMO-STMT-001";
    public const string OwnAccount = "DE89370400440532013000";
    private const string Acme = "DE44500105175407324931";
    private const string Borealis = "SE4550000000058398257466";
    private const string Contoso = "NL91ABNA0417164300";

    public async Task SeedAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var acme = await CompanyOfAsync("buyer@acme.example", ct);
        var borealis = await CompanyOfAsync("buyer@borealis.example", ct);
        var contoso = await CompanyOfAsync("buyer@contoso.example", ct);
        Invoice(acme, "DEMO-INV-7001", 1250.00m, today.AddDays(10), now);
        Invoice(acme, "DEMO-INV-7002", 480.00m, today.AddDays(15), now);
        Invoice(acme, "DEMO-INV-7003", 320.00m, today.AddDays(20), now);
        Invoice(acme, "DEMO-INV-7004", 180.00m, today.AddDays(22), now);
        Invoice(acme, "DEMO-INV-7005", 900.00m, today.AddDays(25), now);
        Invoice(borealis, "DEMO-INV-7101", 2000.00m, today.AddDays(18), now);
        Invoice(borealis, "DEMO-INV-7102", 1000.00m, today.AddDays(24), now);
        Invoice(contoso, "DEMO-INV-7201", 640.00m, today.AddDays(21), now, "USD");
        Invoice(contoso, "DEMO-INV-7202", 300.00m, today.AddDays(23), now);
        Invoice(contoso, "DEMO-INV-7203", 150.00m, today.AddDays(26), now);
        await db.SaveChangesAsync(ct);

        var file = CamtWriter.Statement(StatementId, OwnAccount, "EUR", today, 25_000m,
        [
            new(1250.00m, PayerName: "Acme Industrial Supply", PayerAccount: Acme, CreditorReference: PaymentReference.CreditorReferenceFor("DEMOINV7001"), EndToEndId: "ACME-PAY-1"),
            new(480.00m, PayerName: "Acme Industrial Supply", PayerAccount: Acme, Text: "Rechnung DEMO INV 7002, danke"),
            new(500.00m, PayerName: "Acme Industrial Supply", PayerAccount: Acme, Text: "Payment run 48"),
            new(899.40m, PayerName: "Acme Industrial Supply", PayerAccount: Acme, Text: "DEMO-INV-7005", Charges: 0.60m),
            new(2150.00m, PayerName: "Borealis Facilities AB", PayerAccount: Borealis, CreditorReference: PaymentReference.CreditorReferenceFor("DEMOINV7101")),
            new(700.00m, PayerName: "Borealis Facilities AB", PayerAccount: Borealis, Text: "DEMO-INV-7102 part payment, rest after the complaint"),
            new(640.00m, PayerName: "Contoso Construction", PayerAccount: Contoso, Text: "Invoice DEMO-INV-7201"),
            new(300.00m, PayerName: "Contoso Construction", PayerAccount: Contoso, CreditorReference: PaymentReference.CreditorReferenceFor("DEMOINV7202")),
            new(300.00m, PayerName: "Contoso Construction", PayerAccount: Contoso, CreditorReference: PaymentReference.CreditorReferenceFor("DEMOINV7202")),
            new(150.00m, PayerName: "Contoso Construction", PayerAccount: Contoso, Text: "DEMO-INV-7203", EndToEndId: "CONTOSO-4711"),
            new(415.00m, PayerName: "Globex Trading Ltd", PayerAccount: "GB29NWBK60161331926819", Text: "Order 5521"),
            new(77.00m, PayerName: "Acme Industrial Supply", PayerAccount: Acme, Text: "Sample fee"),
            new(150.00m, Credit: false, Reversal: true, PayerName: "Contoso Construction", PayerAccount: Contoso, EndToEndId: "CONTOSO-4711"),
            new(12.50m, Credit: false, PayerName: "Demo Bank AG", Text: "Account maintenance fee"),
        ]);
        var accountant = await db.Users.AsNoTracking().Where(u => u.Email == "accountant@b2bportal.example").Select(u => new { u.Id, u.DisplayName }).SingleAsync(ct);
        using var stream = new MemoryStream(file);
        await importer.ImportAsync(stream, "demo-camt053.xml", accountant.Id, accountant.DisplayName, ct);
    }

    private async Task<int> CompanyOfAsync(string buyer, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.Email == buyer).Select(u => u.CompanyId!.Value).SingleAsync(ct);

    private void Invoice(int companyId, string number, decimal amount, DateOnly due, DateTimeOffset now, string currency = "EUR")
    {
        var invoice = new Invoice("demo-" + number, number, companyId);
        var money = Money.Of(amount, currency);
        invoice.ApplyErp(companyId, null, due.AddDays(-30), due, money, money, money, InvoiceStatus.Open, now);
        db.Invoices.Add(invoice);
    }
}
