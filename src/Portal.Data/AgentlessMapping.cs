using Microsoft.EntityFrameworkCore;
using Portal.Domain.Accounts;
using Portal.Domain.Agentless;

namespace Portal.Data;

/// <summary>EF mapping of agentless detection's scans (schema version 7): a run, its VMs/images, their disks, the disks' volumes.</summary>
internal static class AgentlessMapping
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<AgentlessScan>(e =>
        {
            e.ToTable("AgentlessScans");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.IsFinal);
            e.Ignore(x => x.Duration);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Trigger).HasMaxLength(16);
            e.Property(x => x.RequestedBy).HasMaxLength(256);
            e.Property(x => x.ActiveKey).HasMaxLength(128);
            e.Property(x => x.ClaimedBy).HasMaxLength(128);
            ErrorColumns(e);
            e.HasOne<CloudAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
            // Unique while set: a second "Scan now" for the same scope finds the scan already queued or running, on every node.
            e.HasIndex(x => x.ActiveKey).IsUnique();
            e.HasIndex(x => new { x.State, x.ClaimedBy });
            e.HasIndex(x => new { x.AccountId, x.RequestedAt });
            e.HasIndex(x => x.RequestedAt);
        });

        builder.Entity<AgentlessScanTarget>(e =>
        {
            e.ToTable("AgentlessScanTargets");
            e.HasKey(x => x.Id);
            e.Property(x => x.TargetType).HasMaxLength(32);
            e.Property(x => x.ResourceId).HasMaxLength(1024);
            e.Property(x => x.Name).HasMaxLength(256);
            e.Property(x => x.SubscriptionId).HasMaxLength(64);
            e.Property(x => x.ResourceGroup).HasMaxLength(128);
            e.Property(x => x.Location).HasMaxLength(64);
            e.Property(x => x.OsType).HasMaxLength(16);
            e.Property(x => x.PowerState).HasMaxLength(32);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.SkipReason).HasMaxLength(1000);
            ErrorColumns(e);
            e.HasOne<AgentlessScan>().WithMany().HasForeignKey(x => x.ScanId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.ScanId);
            e.HasIndex(x => new { x.HostId, x.StartedAt });
        });

        builder.Entity<AgentlessDiskScan>(e =>
        {
            e.ToTable("AgentlessDiskScans");
            e.HasKey(x => x.Id);
            e.Property(x => x.SourceId).HasMaxLength(1024);
            e.Property(x => x.Name).HasMaxLength(256);
            e.Property(x => x.Sku).HasMaxLength(32);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.SkipReason).HasMaxLength(1000);
            e.Property(x => x.ActiveKey).HasMaxLength(1024);
            e.Property(x => x.SnapshotId).HasMaxLength(1024);
            e.Property(x => x.SnapshotName).HasMaxLength(80);
            e.Property(x => x.ImageFormat).HasMaxLength(16);
            e.Property(x => x.PartitionScheme).HasMaxLength(16);
            ErrorColumns(e);
            e.HasOne<AgentlessScan>().WithMany().HasForeignKey(x => x.ScanId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<AgentlessScanTarget>().WithMany().HasForeignKey(x => x.TargetId).OnDelete(DeleteBehavior.Cascade);
            // Unique while set: never two scans of one disk at once, whatever node runs them.
            e.HasIndex(x => x.ActiveKey).IsUnique();
            e.HasIndex(x => x.ScanId);
            e.HasIndex(x => x.TargetId);
        });

        builder.Entity<AgentlessVolumeScan>(e =>
        {
            e.ToTable("AgentlessVolumeScans");
            e.HasKey(x => x.Id);
            e.Property(x => x.Scheme).HasMaxLength(8);
            e.Property(x => x.TypeId).HasMaxLength(256);
            e.Property(x => x.PartitionName).HasMaxLength(256);
            e.Property(x => x.FileSystem).HasMaxLength(16);
            e.Property(x => x.Label).HasMaxLength(256);
            e.Property(x => x.SkipReason).HasMaxLength(1000);
            e.HasOne<AgentlessDiskScan>().WithMany().HasForeignKey(x => x.DiskScanId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => x.DiskScanId);
        });
    }

    private static void ErrorColumns<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> e) where T : class, IHasScanError
    {
        e.Property(x => x.ErrorCode).HasMaxLength(128);
        e.Property(x => x.ErrorMessage).HasMaxLength(4000);
        e.Property(x => x.ErrorMeaning).HasMaxLength(1000);
        e.Property(x => x.ErrorFix).HasMaxLength(1000);
    }
}
