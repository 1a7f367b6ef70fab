using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Portal.Data.Migrations;

/// <summary>Schema version 4: synced cloud-resource configurations with their history, the latest risk-scan results and trend
/// per account, and whitelist entries.</summary>
[DbContext(typeof(PortalDbContext))]
[Migration("20261122000004_ConfigurationRisks")]
public sealed class ConfigurationRisks : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("CloudResources", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            AccountId = t.Column<Guid>(nullable: false),
            ResourceId = t.Column<string>(maxLength: 1024, nullable: false),
            Type = t.Column<string>(maxLength: 256, nullable: false),
            Service = t.Column<string>(maxLength: 64, nullable: false),
            Name = t.Column<string>(maxLength: 256, nullable: false),
            SubscriptionId = t.Column<string>(maxLength: 64, nullable: false),
            ResourceGroup = t.Column<string>(maxLength: 128, nullable: true),
            Location = t.Column<string>(maxLength: 64, nullable: true),
            Tags = t.Column<string>(nullable: false),
            Json = t.Column<string>(nullable: false),
            ConfigHash = t.Column<string>(maxLength: 64, nullable: false),
            FirstSeen = t.Column<DateTime>(nullable: false),
            LastSeen = t.Column<DateTime>(nullable: false),
            Removed = t.Column<bool>(nullable: false),
            RemovedAt = t.Column<DateTime>(nullable: true),
            SearchText = t.Column<string>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_CloudResources", x => x.Id);
            t.ForeignKey("FK_CloudResources_CloudAccounts_AccountId", x => x.AccountId, "CloudAccounts", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_CloudResources_AccountId_ResourceId", "CloudResources", ["AccountId", "ResourceId"], unique: true);
        m.CreateIndex("IX_CloudResources_AccountId_SubscriptionId", "CloudResources", ["AccountId", "SubscriptionId"]);
        m.CreateIndex("IX_CloudResources_Removed_Type_Name", "CloudResources", ["Removed", "Type", "Name"]);
        m.CreateIndex("IX_CloudResources_Removed_Service_Name", "CloudResources", ["Removed", "Service", "Name"]);

        m.CreateTable("ResourceChanges", t => new
        {
            Id = t.Column<long>(nullable: false).Generated(),
            AccountId = t.Column<Guid>(nullable: false),
            ResourceId = t.Column<string>(maxLength: 1024, nullable: false),
            ChangedAt = t.Column<DateTime>(nullable: false),
            Kind = t.Column<string>(maxLength: 16, nullable: false),
            ConfigHash = t.Column<string>(maxLength: 64, nullable: true),
            Json = t.Column<string>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ResourceChanges", x => x.Id);
            t.ForeignKey("FK_ResourceChanges_CloudAccounts_AccountId", x => x.AccountId, "CloudAccounts", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ResourceChanges_AccountId_ResourceId_ChangedAt", "ResourceChanges", ["AccountId", "ResourceId", "ChangedAt"]);

        m.CreateTable("RiskResults", t => new
        {
            Id = t.Column<long>(nullable: false).Generated(),
            AccountId = t.Column<Guid>(nullable: false),
            CheckId = t.Column<string>(maxLength: 128, nullable: false),
            ResourceId = t.Column<string>(maxLength: 1024, nullable: false),
            Status = t.Column<string>(maxLength: 16, nullable: false),
            Evidence = t.Column<string>(maxLength: 4000, nullable: false),
            EvaluatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_RiskResults", x => x.Id);
            t.ForeignKey("FK_RiskResults_CloudAccounts_AccountId", x => x.AccountId, "CloudAccounts", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_RiskResults_AccountId_CheckId", "RiskResults", ["AccountId", "CheckId"]);
        m.CreateIndex("IX_RiskResults_CheckId", "RiskResults", "CheckId");

        m.CreateTable("RiskTrendPoints", t => new
        {
            Id = t.Column<long>(nullable: false).Generated(),
            AccountId = t.Column<Guid>(nullable: false),
            At = t.Column<DateTime>(nullable: false),
            Resources = t.Column<int>(nullable: false),
            Failed = t.Column<int>(nullable: false),
            Passed = t.Column<int>(nullable: false),
            Whitelisted = t.Column<int>(nullable: false),
            FailedBySeverity = t.Column<string>(nullable: false),
            FailedByService = t.Column<string>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_RiskTrendPoints", x => x.Id);
            t.ForeignKey("FK_RiskTrendPoints_CloudAccounts_AccountId", x => x.AccountId, "CloudAccounts", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_RiskTrendPoints_AccountId_At", "RiskTrendPoints", ["AccountId", "At"]);
        m.CreateIndex("IX_RiskTrendPoints_At", "RiskTrendPoints", "At");

        m.CreateTable("WhitelistEntries", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            CheckId = t.Column<string>(maxLength: 128, nullable: false),
            ScopeType = t.Column<string>(maxLength: 16, nullable: false),
            ScopeValue = t.Column<string>(maxLength: 1024, nullable: false),
            Reason = t.Column<string>(maxLength: 1000, nullable: false),
            CreatedBy = t.Column<string>(maxLength: 256, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ExpiresOn = t.Column<DateTime>(nullable: true),
            UpdatedBy = t.Column<string>(maxLength: 256, nullable: true),
            UpdatedAt = t.Column<DateTime>(nullable: true),
            RemovedAt = t.Column<DateTime>(nullable: true),
            RemovedBy = t.Column<string>(maxLength: 256, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_WhitelistEntries", x => x.Id));
        m.CreateIndex("IX_WhitelistEntries_RemovedAt_CheckId", "WhitelistEntries", ["RemovedAt", "CheckId"]);
        m.CreateIndex("IX_WhitelistEntries_CreatedAt", "WhitelistEntries", "CreatedAt");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("WhitelistEntries");
        m.DropTable("RiskTrendPoints");
        m.DropTable("RiskResults");
        m.DropTable("ResourceChanges");
        m.DropTable("CloudResources");
    }
}
