using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Portal.Data.Migrations;

/// <summary>Schema version 7: agentless detection's scans — one row per run, per VM or image, per disk and per volume.</summary>
[DbContext(typeof(PortalDbContext))]
[Migration("20261203000007_AgentlessScans")]
public sealed class AgentlessScans : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("AgentlessScans", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            AccountId = t.Column<Guid>(nullable: false),
            Kind = t.Column<string>(maxLength: 16, nullable: false),
            HostId = t.Column<Guid>(nullable: true),
            Trigger = t.Column<string>(maxLength: 16, nullable: false),
            RequestedBy = t.Column<string>(maxLength: 256, nullable: false),
            State = t.Column<string>(maxLength: 16, nullable: false),
            RequestedAt = t.Column<DateTime>(nullable: false),
            StartedAt = t.Column<DateTime>(nullable: true),
            FinishedAt = t.Column<DateTime>(nullable: true),
            ActiveKey = t.Column<string>(maxLength: 128, nullable: true),
            ClaimedBy = t.Column<string>(maxLength: 128, nullable: true),
            LeaseUntil = t.Column<DateTime>(nullable: true),
            ErrorCode = t.Column<string>(maxLength: 128, nullable: true),
            ErrorMessage = t.Column<string>(maxLength: 4000, nullable: true),
            ErrorMeaning = t.Column<string>(maxLength: 1000, nullable: true),
            ErrorFix = t.Column<string>(maxLength: 1000, nullable: true),
            Targets = t.Column<int>(nullable: false),
            DisksRead = t.Column<int>(nullable: false),
            DisksSkipped = t.Column<int>(nullable: false),
            DisksFailed = t.Column<int>(nullable: false),
            FilesCounted = t.Column<long>(nullable: false),
            ContentBytes = t.Column<long>(nullable: false),
            BytesFetched = t.Column<long>(nullable: false),
            SnapshotsLeft = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AgentlessScans", x => x.Id);
            t.ForeignKey("FK_AgentlessScans_CloudAccounts_AccountId", x => x.AccountId, "CloudAccounts", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_AgentlessScans_ActiveKey", "AgentlessScans", "ActiveKey", unique: true);
        m.CreateIndex("IX_AgentlessScans_State_ClaimedBy", "AgentlessScans", ["State", "ClaimedBy"]);
        m.CreateIndex("IX_AgentlessScans_AccountId_RequestedAt", "AgentlessScans", ["AccountId", "RequestedAt"]);
        m.CreateIndex("IX_AgentlessScans_RequestedAt", "AgentlessScans", "RequestedAt");

        m.CreateTable("AgentlessScanTargets", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            ScanId = t.Column<Guid>(nullable: false),
            HostId = t.Column<Guid>(nullable: true),
            TargetType = t.Column<string>(maxLength: 32, nullable: false),
            ResourceId = t.Column<string>(maxLength: 1024, nullable: false),
            Name = t.Column<string>(maxLength: 256, nullable: false),
            SubscriptionId = t.Column<string>(maxLength: 64, nullable: false),
            ResourceGroup = t.Column<string>(maxLength: 128, nullable: false),
            Location = t.Column<string>(maxLength: 64, nullable: false),
            OsType = t.Column<string>(maxLength: 16, nullable: true),
            PowerState = t.Column<string>(maxLength: 32, nullable: true),
            State = t.Column<string>(maxLength: 16, nullable: false),
            SkipReason = t.Column<string>(maxLength: 1000, nullable: true),
            StartedAt = t.Column<DateTime>(nullable: true),
            FinishedAt = t.Column<DateTime>(nullable: true),
            ErrorCode = t.Column<string>(maxLength: 128, nullable: true),
            ErrorMessage = t.Column<string>(maxLength: 4000, nullable: true),
            ErrorMeaning = t.Column<string>(maxLength: 1000, nullable: true),
            ErrorFix = t.Column<string>(maxLength: 1000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AgentlessScanTargets", x => x.Id);
            t.ForeignKey("FK_AgentlessScanTargets_AgentlessScans_ScanId", x => x.ScanId, "AgentlessScans", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_AgentlessScanTargets_ScanId", "AgentlessScanTargets", "ScanId");
        m.CreateIndex("IX_AgentlessScanTargets_HostId_StartedAt", "AgentlessScanTargets", ["HostId", "StartedAt"]);

        m.CreateTable("AgentlessDiskScans", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            ScanId = t.Column<Guid>(nullable: false),
            TargetId = t.Column<Guid>(nullable: false),
            SourceId = t.Column<string>(maxLength: 1024, nullable: false),
            Name = t.Column<string>(maxLength: 256, nullable: false),
            IsOsDisk = t.Column<bool>(nullable: false),
            Lun = t.Column<int>(nullable: true),
            SizeBytes = t.Column<long>(nullable: false),
            Sku = t.Column<string>(maxLength: 32, nullable: true),
            State = t.Column<string>(maxLength: 16, nullable: false),
            SkipReason = t.Column<string>(maxLength: 1000, nullable: true),
            ActiveKey = t.Column<string>(maxLength: 1024, nullable: true),
            SnapshotId = t.Column<string>(maxLength: 1024, nullable: true),
            SnapshotName = t.Column<string>(maxLength: 80, nullable: true),
            SnapshotDeleted = t.Column<bool>(nullable: false),
            ImageFormat = t.Column<string>(maxLength: 16, nullable: true),
            PartitionScheme = t.Column<string>(maxLength: 16, nullable: true),
            Files = t.Column<long>(nullable: false),
            Directories = t.Column<long>(nullable: false),
            ContentBytes = t.Column<long>(nullable: false),
            BytesFetched = t.Column<long>(nullable: false),
            Requests = t.Column<int>(nullable: false),
            StartedAt = t.Column<DateTime>(nullable: true),
            FinishedAt = t.Column<DateTime>(nullable: true),
            DurationMs = t.Column<long>(nullable: false),
            ErrorCode = t.Column<string>(maxLength: 128, nullable: true),
            ErrorMessage = t.Column<string>(maxLength: 4000, nullable: true),
            ErrorMeaning = t.Column<string>(maxLength: 1000, nullable: true),
            ErrorFix = t.Column<string>(maxLength: 1000, nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AgentlessDiskScans", x => x.Id);
            t.ForeignKey("FK_AgentlessDiskScans_AgentlessScans_ScanId", x => x.ScanId, "AgentlessScans", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_AgentlessDiskScans_AgentlessScanTargets_TargetId", x => x.TargetId, "AgentlessScanTargets", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_AgentlessDiskScans_ActiveKey", "AgentlessDiskScans", "ActiveKey", unique: true);
        m.CreateIndex("IX_AgentlessDiskScans_ScanId", "AgentlessDiskScans", "ScanId");
        m.CreateIndex("IX_AgentlessDiskScans_TargetId", "AgentlessDiskScans", "TargetId");

        m.CreateTable("AgentlessVolumeScans", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            DiskScanId = t.Column<Guid>(nullable: false),
            Index = t.Column<int>(nullable: false),
            Scheme = t.Column<string>(maxLength: 8, nullable: false),
            TypeId = t.Column<string>(maxLength: 256, nullable: false),
            PartitionName = t.Column<string>(maxLength: 256, nullable: true),
            Offset = t.Column<long>(nullable: false),
            Length = t.Column<long>(nullable: false),
            FileSystem = t.Column<string>(maxLength: 16, nullable: true),
            Label = t.Column<string>(maxLength: 256, nullable: true),
            Read = t.Column<bool>(nullable: false),
            SkipReason = t.Column<string>(maxLength: 1000, nullable: true),
            Files = t.Column<long>(nullable: false),
            Directories = t.Column<long>(nullable: false),
            Symlinks = t.Column<long>(nullable: false),
            OtherEntries = t.Column<long>(nullable: false),
            ContentBytes = t.Column<long>(nullable: false),
            DurationMs = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_AgentlessVolumeScans", x => x.Id);
            t.ForeignKey("FK_AgentlessVolumeScans_AgentlessDiskScans_DiskScanId", x => x.DiskScanId, "AgentlessDiskScans", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_AgentlessVolumeScans_DiskScanId", "AgentlessVolumeScans", "DiskScanId");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("AgentlessVolumeScans");
        m.DropTable("AgentlessDiskScans");
        m.DropTable("AgentlessScanTargets");
        m.DropTable("AgentlessScans");
    }
}
