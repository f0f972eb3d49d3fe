using B2BPortal.Domain.Audit;
using B2BPortal.Domain.Catalog;
using B2BPortal.Domain.Customers;
using B2BPortal.Domain.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace B2BPortal.Domain.Persistence;

/// <summary>
/// The portal's unit of work, used directly by pages, use cases and jobs (no repositories: docs/decisions/0002).
/// It is provider-agnostic; Integration derives one context per provider so that each has its own migrations.
/// </summary>
/// <remarks>
/// Add a migration to all three providers after a model change:
/// <c>./scripts/add-migration.sh &lt;Name&gt;</c>
/// (it runs <c>dotnet ef migrations add &lt;Name&gt; --project Integration --startup-project Portal
/// --context SqlitePortalDbContext --output-dir Persistence/Migrations/Sqlite</c> and the same for
/// PostgresPortalDbContext and SqlServerPortalDbContext).
/// </remarks>
public abstract class PortalDbContext : IdentityDbContext<PortalUser>
{
    protected PortalDbContext(DbContextOptions options) : base(options) { }

    public DbSet<CustomerCompany> Companies => Set<CustomerCompany>();

    public DbSet<CompanyAddress> CompanyAddresses => Set<CompanyAddress>();

    public DbSet<Category> Categories => Set<Category>();

    public DbSet<ProductCatalog> Catalogs => Set<ProductCatalog>();

    public DbSet<Product> Products => Set<Product>();

    public DbSet<StockLevel> StockLevels => Set<StockLevel>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<Sync.OutboxMessage> OutboxMessages => Set<Sync.OutboxMessage>();

    public DbSet<Sync.SyncJobState> SyncJobStates => Set<Sync.SyncJobState>();

    public DbSet<Sync.SyncRun> SyncRuns => Set<Sync.SyncRun>();

    public DbSet<Sync.DeadLetter> DeadLetters => Set<Sync.DeadLetter>();

    public DbSet<Sync.ErpOrderLink> ErpOrderLinks => Set<Sync.ErpOrderLink>();

    public DbSet<Invoicing.Invoice> Invoices => Set<Invoicing.Invoice>();

    public DbSet<Invoicing.CustomerPayment> CustomerPayments => Set<Invoicing.CustomerPayment>();

    public DbSet<Credit.CreditTerms> CreditTerms => Set<Credit.CreditTerms>();

    public DbSet<Shipping.Shipment> Shipments => Set<Shipping.Shipment>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Money and quantities: 18 digits, 4 after the point, on every provider.
        configurationBuilder.Properties<decimal>().HavePrecision(18, 4);
    }
}
