using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Portal.Data.Migrations;

/// <summary>Schema version 8: an Admin can disable a portal user (kept for the audit trail, unlike a deletion).</summary>
[DbContext(typeof(PortalDbContext))]
[Migration("20261203000008_UserLifecycle")]
public sealed class UserLifecycle : Migration
{
    protected override void Up(MigrationBuilder m) =>
        m.AddColumn<DateTime>("DisabledAt", "AspNetUsers", nullable: true);

    protected override void Down(MigrationBuilder m) => m.DropColumn("DisabledAt", "AspNetUsers");
}
