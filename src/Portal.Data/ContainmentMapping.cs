using Microsoft.EntityFrameworkCore;
using Portal.Domain.Response;

namespace Portal.Data;

/// <summary>EF mapping of the response feature's tables (schema version 5), kept out of the context's main body.</summary>
internal static class ContainmentMapping
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<ContainmentAction>(e =>
        {
            e.ToTable("ContainmentActions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(24);
            e.Property(x => x.SubscriptionId).HasMaxLength(64);
            e.Property(x => x.Target).HasMaxLength(512);
            e.Property(x => x.Scope).HasMaxLength(512);
            e.Property(x => x.PowerAction).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.ManagementCidr).HasMaxLength(64);
            e.Property(x => x.Reason).HasMaxLength(1000);
            e.Property(x => x.RequestedBy).HasMaxLength(256);
            e.Property(x => x.Source).HasMaxLength(64);
            e.Property(x => x.IdempotencyKey).HasMaxLength(200);
            e.Property(x => x.ActiveKey).HasMaxLength(1200);
            e.Property(x => x.ClaimedBy).HasMaxLength(128);
            e.Property(x => x.ErrorCode).HasMaxLength(128);
            e.Property(x => x.ErrorMessage).HasMaxLength(4000);
            e.Property(x => x.ErrorMeaning).HasMaxLength(1000);
            e.Property(x => x.ErrorFix).HasMaxLength(1000);
            e.Property(x => x.UndoRequestedBy).HasMaxLength(256);
            e.Property(x => x.UndoReason).HasMaxLength(1000);
            e.Property(x => x.Steps).HasJsonConversion();
            e.Property(x => x.UndoItems).HasJsonConversion();
            e.Property(x => x.Verification).HasJsonConversion();
            // Unique while set: a repeated request (same key, or the same containment in force) finds the first one, on every node.
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.HasIndex(x => x.ActiveKey).IsUnique();
            e.HasIndex(x => new { x.Status, x.ClaimedBy });
            e.HasIndex(x => x.RequestedAt);
        });

        builder.Entity<ProtectedTarget>(e =>
        {
            e.ToTable("ProtectedTargets");
            e.HasKey(x => x.Id);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(8);
            e.Property(x => x.Value).HasMaxLength(512);
            e.Property(x => x.Note).HasMaxLength(200);
            e.Property(x => x.CreatedBy).HasMaxLength(256);
        });
    }
}
