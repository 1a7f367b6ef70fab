using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Portal.Data.Migrations;

/// <summary>Schema version 5: containment actions (request, state, steps, undo records, verification) and protected targets.</summary>
[DbContext(typeof(PortalDbContext))]
[Migration("20261122000005_Containment")]
public sealed class Containment : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("ContainmentActions", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Kind = t.Column<string>(maxLength: 16, nullable: false),
            Status = t.Column<string>(maxLength: 24, nullable: false),
            AccountId = t.Column<Guid>(nullable: false),
            SubscriptionId = t.Column<string>(maxLength: 64, nullable: false),
            Target = t.Column<string>(maxLength: 512, nullable: false),
            Scope = t.Column<string>(maxLength: 512, nullable: true),
            PowerAction = t.Column<string>(maxLength: 16, nullable: true),
            BothDirections = t.Column<bool>(nullable: false),
            ManagementCidr = t.Column<string>(maxLength: 64, nullable: true),
            UseQuarantineNsg = t.Column<bool>(nullable: false),
            Reason = t.Column<string>(maxLength: 1000, nullable: false),
            RequestedBy = t.Column<string>(maxLength: 256, nullable: false),
            Source = t.Column<string>(maxLength: 64, nullable: true),
            RequestedAt = t.Column<DateTime>(nullable: false),
            StartedAt = t.Column<DateTime>(nullable: true),
            FinishedAt = t.Column<DateTime>(nullable: true),
            IdempotencyKey = t.Column<string>(maxLength: 200, nullable: true),
            ActiveKey = t.Column<string>(maxLength: 1200, nullable: true),
            PlaybookRunId = t.Column<Guid>(nullable: true),
            ClaimedBy = t.Column<string>(maxLength: 128, nullable: true),
            LeaseUntil = t.Column<DateTime>(nullable: true),
            ErrorCode = t.Column<string>(maxLength: 128, nullable: true),
            ErrorMessage = t.Column<string>(maxLength: 4000, nullable: true),
            ErrorMeaning = t.Column<string>(maxLength: 1000, nullable: true),
            ErrorFix = t.Column<string>(maxLength: 1000, nullable: true),
            Steps = t.Column<string>(nullable: false),
            UndoItems = t.Column<string>(nullable: false),
            Verification = t.Column<string>(nullable: true),
            UndoRequestedBy = t.Column<string>(maxLength: 256, nullable: true),
            UndoReason = t.Column<string>(maxLength: 1000, nullable: true),
            UndoRequestedAt = t.Column<DateTime>(nullable: true),
            UndoneAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_ContainmentActions", x => x.Id));
        m.CreateIndex("IX_ContainmentActions_IdempotencyKey", "ContainmentActions", "IdempotencyKey", unique: true);
        m.CreateIndex("IX_ContainmentActions_ActiveKey", "ContainmentActions", "ActiveKey", unique: true);
        m.CreateIndex("IX_ContainmentActions_Status_ClaimedBy", "ContainmentActions", ["Status", "ClaimedBy"]);
        m.CreateIndex("IX_ContainmentActions_RequestedAt", "ContainmentActions", "RequestedAt");

        m.CreateTable("ProtectedTargets", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Kind = t.Column<string>(maxLength: 8, nullable: false),
            Value = t.Column<string>(maxLength: 512, nullable: false),
            Note = t.Column<string>(maxLength: 200, nullable: true),
            CreatedBy = t.Column<string>(maxLength: 256, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ProtectedTargets", x => x.Id));
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("ProtectedTargets");
        m.DropTable("ContainmentActions");
    }
}
