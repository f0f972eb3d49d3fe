using B2BPortal.Domain.Identity;
using B2BPortal.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B2BPortal.Domain.Persistence;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("Notifications");
        b.Property(n => n.UserId).HasMaxLength(450);
        b.Property(n => n.Topic).HasConversion<string>().HasMaxLength(20);
        b.Property(n => n.Subject).HasMaxLength(Notification.SubjectMaxLength);
        b.Property(n => n.Body).HasMaxLength(Notification.BodyMaxLength);
        b.Property(n => n.Link).HasMaxLength(Notification.LinkMaxLength);
        // The header's unread count and the centre's newest-first pages.
        b.HasIndex(n => new { n.UserId, n.ReadAt });
        b.HasIndex(n => new { n.UserId, n.Id });
        b.HasOne<PortalUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> b)
    {
        b.ToTable("NotificationPreferences");
        b.HasKey(p => new { p.UserId, p.Topic });
        b.Property(p => p.UserId).HasMaxLength(450);
        b.Property(p => p.Topic).HasConversion<string>().HasMaxLength(20);
        b.HasOne<PortalUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
