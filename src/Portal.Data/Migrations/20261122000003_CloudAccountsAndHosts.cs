using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Portal.Data.Migrations;

/// <summary>Schema version 3: onboarded cloud accounts (secret encrypted) and the host inventory.</summary>
[DbContext(typeof(PortalDbContext))]
[Migration("20261122000003_CloudAccountsAndHosts")]
public sealed class CloudAccountsAndHosts : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("CloudAccounts", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 100, nullable: false),
            Cloud = t.Column<string>(maxLength: 16, nullable: false),
            TenantId = t.Column<string>(maxLength: 256, nullable: false),
            ClientId = t.Column<string>(maxLength: 64, nullable: false),
            ProtectedClientSecret = t.Column<string>(nullable: false),
            SecretExpiresOn = t.Column<DateTime>(nullable: true),
            Subscriptions = t.Column<string>(nullable: false),
            Features = t.Column<string>(nullable: false),
            Policy = t.Column<string>(nullable: false),
            KnownRegions = t.Column<string>(nullable: false),
            Status = t.Column<string>(maxLength: 16, nullable: false),
            Readiness = t.Column<string>(nullable: false),
            LastErrorCode = t.Column<string>(maxLength: 64, nullable: true),
            LastErrorMessage = t.Column<string>(nullable: true),
            LastErrorAt = t.Column<DateTime>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            CreatedBy = t.Column<string>(maxLength: 256, nullable: false),
            LastHostSyncAt = t.Column<DateTime>(nullable: true),
            LastResourceSyncAt = t.Column<DateTime>(nullable: true),
            LastHealthCheckAt = t.Column<DateTime>(nullable: true),
            HostCount = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_CloudAccounts", x => x.Id));

        m.CreateTable("Hosts", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            AccountId = t.Column<Guid>(nullable: false),
            ResourceId = t.Column<string>(maxLength: 512, nullable: false),
            Name = t.Column<string>(maxLength: 128, nullable: false),
            SubscriptionId = t.Column<string>(maxLength: 64, nullable: false),
            ResourceGroup = t.Column<string>(maxLength: 128, nullable: false),
            Location = t.Column<string>(maxLength: 64, nullable: false),
            VmSize = t.Column<string>(maxLength: 64, nullable: true),
            OsType = t.Column<string>(maxLength: 16, nullable: true),
            PowerState = t.Column<string>(maxLength: 32, nullable: false),
            PrivateIps = t.Column<string>(nullable: false),
            PublicIps = t.Column<string>(nullable: false),
            NicIds = t.Column<string>(nullable: false),
            NsgIds = t.Column<string>(nullable: false),
            Tags = t.Column<string>(nullable: false),
            FirstSeen = t.Column<DateTime>(nullable: false),
            LastSeen = t.Column<DateTime>(nullable: false),
            Removed = t.Column<bool>(nullable: false),
            RemovedAt = t.Column<DateTime>(nullable: true),
            SearchText = t.Column<string>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Hosts", x => x.Id);
            t.ForeignKey("FK_Hosts_CloudAccounts_AccountId", x => x.AccountId, "CloudAccounts", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_Hosts_AccountId_ResourceId", "Hosts", ["AccountId", "ResourceId"], unique: true);
        m.CreateIndex("IX_Hosts_Removed_Name", "Hosts", ["Removed", "Name"]);
        m.CreateIndex("IX_Hosts_Location", "Hosts", "Location");
        m.CreateIndex("IX_Hosts_PowerState", "Hosts", "PowerState");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("Hosts");
        m.DropTable("CloudAccounts");
    }
}
