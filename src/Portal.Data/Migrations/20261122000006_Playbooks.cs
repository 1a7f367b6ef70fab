using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Portal.Data.Migrations;

/// <summary>Schema version 6: alerts (once per dedup key), playbooks and their runs (once per playbook and trigger).
/// The example playbooks are added by the portal's first start (PlaybookService.EnsureExamplesAsync), not here, so their
/// JSON is written by the same code that reads it.</summary>
[DbContext(typeof(PortalDbContext))]
[Migration("20261122000006_Playbooks")]
public sealed class Playbooks : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Alerts", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Source = t.Column<string>(maxLength: 100, nullable: false),
            ExternalId = t.Column<string>(maxLength: 200, nullable: true),
            Severity = t.Column<string>(maxLength: 16, nullable: false),
            AttackerIp = t.Column<string>(maxLength: 64, nullable: true),
            Vm = t.Column<string>(maxLength: 512, nullable: true),
            VmResourceId = t.Column<string>(maxLength: 512, nullable: true),
            Description = t.Column<string>(maxLength: 4000, nullable: true),
            ReceivedAt = t.Column<DateTime>(nullable: false),
            ReceivedBy = t.Column<string>(maxLength: 256, nullable: false),
            DedupKey = t.Column<string>(maxLength: 400, nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Alerts", x => x.Id));
        m.CreateIndex("IX_Alerts_DedupKey", "Alerts", "DedupKey", unique: true);
        m.CreateIndex("IX_Alerts_ReceivedAt", "Alerts", "ReceivedAt");

        m.CreateTable("Playbooks", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 100, nullable: false),
            Description = t.Column<string>(maxLength: 1000, nullable: true),
            Enabled = t.Column<bool>(nullable: false),
            TriggerKind = t.Column<string>(maxLength: 32, nullable: false),
            TriggerCheckId = t.Column<string>(maxLength: 128, nullable: true),
            TriggerMinSeverity = t.Column<string>(maxLength: 16, nullable: true),
            Conditions = t.Column<string>(nullable: false),
            Actions = t.Column<string>(nullable: false),
            Approval = t.Column<string>(maxLength: 32, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            CreatedBy = t.Column<string>(maxLength: 256, nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: true),
            UpdatedBy = t.Column<string>(maxLength: 256, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_Playbooks", x => x.Id));
        m.CreateIndex("IX_Playbooks_Name", "Playbooks", "Name", unique: true);

        m.CreateTable("PlaybookRuns", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            PlaybookId = t.Column<Guid>(nullable: false),
            PlaybookName = t.Column<string>(maxLength: 100, nullable: false),
            TriggerKind = t.Column<string>(maxLength: 32, nullable: false),
            TriggerRef = t.Column<string>(maxLength: 1200, nullable: false),
            AlertId = t.Column<Guid>(nullable: true),
            Status = t.Column<string>(maxLength: 32, nullable: false),
            Steps = t.Column<string>(nullable: false),
            Error = t.Column<string>(maxLength: 4000, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            StartedAt = t.Column<DateTime>(nullable: true),
            FinishedAt = t.Column<DateTime>(nullable: true),
            DecidedBy = t.Column<string>(maxLength: 256, nullable: true),
            DecidedAt = t.Column<DateTime>(nullable: true),
            DecisionReason = t.Column<string>(maxLength: 1000, nullable: true),
            Version = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_PlaybookRuns", x => x.Id);
            t.ForeignKey("FK_PlaybookRuns_Playbooks_PlaybookId", x => x.PlaybookId, "Playbooks", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_PlaybookRuns_Alerts_AlertId", x => x.AlertId, "Alerts", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_PlaybookRuns_PlaybookId_TriggerRef", "PlaybookRuns", ["PlaybookId", "TriggerRef"], unique: true);
        m.CreateIndex("IX_PlaybookRuns_Status_CreatedAt", "PlaybookRuns", ["Status", "CreatedAt"]);
        m.CreateIndex("IX_PlaybookRuns_AlertId", "PlaybookRuns", "AlertId");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("PlaybookRuns");
        m.DropTable("Playbooks");
        m.DropTable("Alerts");
    }
}
