using B2BPortal.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B2BPortal.Domain.Persistence;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("OutboxMessages");
        b.Property(m => m.Type).HasMaxLength(OutboxMessage.TypeMaxLength);
        b.Property(m => m.IdempotencyKey).HasMaxLength(OutboxMessage.KeyMaxLength);
        b.HasIndex(m => m.IdempotencyKey).IsUnique();
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
    }
}
