using Microsoft.EntityFrameworkCore;
using Portal.Domain.Playbooks;

namespace Portal.Data;

/// <summary>EF mappings of alerts, playbooks and their runs (schema version 6), kept apart so the context stays short.</summary>
internal static class PlaybookMapping
{
    public static void ConfigurePlaybooks(this ModelBuilder builder)
    {
        builder.Entity<Alert>(e =>
        {
            e.ToTable("Alerts");
            e.HasKey(x => x.Id);
            e.Property(x => x.Source).HasMaxLength(100);
            e.Property(x => x.ExternalId).HasMaxLength(200);
            e.Property(x => x.Severity).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.AttackerIp).HasMaxLength(64);
            e.Property(x => x.Vm).HasMaxLength(512);
            e.Property(x => x.VmResourceId).HasMaxLength(512);
            e.Property(x => x.Description).HasMaxLength(4000);
            e.Property(x => x.ReceivedBy).HasMaxLength(256);
            e.Property(x => x.DedupKey).HasMaxLength(400);
            // The same alert posted twice, even to two nodes at once, is stored once.
            e.HasIndex(x => x.DedupKey).IsUnique();
            e.HasIndex(x => x.ReceivedAt);
        });

        builder.Entity<Playbook>(e =>
        {
            e.ToTable("Playbooks");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.Trigger);
            e.Ignore(x => x.Actor);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Description).HasMaxLength(1000);
            e.Property(x => x.TriggerKind).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.TriggerCheckId).HasMaxLength(128);
            e.Property(x => x.TriggerMinSeverity).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Conditions).HasJsonConversion();
            e.Property(x => x.Actions).HasJsonConversion();
            e.Property(x => x.Approval).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.CreatedBy).HasMaxLength(256);
            e.Property(x => x.UpdatedBy).HasMaxLength(256);
            e.HasIndex(x => x.Name).IsUnique();
        });

        builder.Entity<PlaybookRun>(e =>
        {
            e.ToTable("PlaybookRuns");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.IsFinal);
            e.Ignore(x => x.Source);
            e.Property(x => x.PlaybookName).HasMaxLength(100);
            e.Property(x => x.TriggerKind).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.TriggerRef).HasMaxLength(1200);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(32);
            e.Property(x => x.Steps).HasJsonConversion();
            e.Property(x => x.Error).HasMaxLength(4000);
            e.Property(x => x.DecidedBy).HasMaxLength(256);
            e.Property(x => x.DecisionReason).HasMaxLength(1000);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<Playbook>().WithMany().HasForeignKey(x => x.PlaybookId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Alert>().WithMany().HasForeignKey(x => x.AlertId).OnDelete(DeleteBehavior.Cascade);
            // A trigger (an alert, or a check failing on a resource) runs a playbook once.
            e.HasIndex(x => new { x.PlaybookId, x.TriggerRef }).IsUnique();
            e.HasIndex(x => new { x.Status, x.CreatedAt });
            e.HasIndex(x => x.AlertId);
        });
    }
}
