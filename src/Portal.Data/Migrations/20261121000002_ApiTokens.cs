using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Portal.Data.Migrations;

/// <summary>Schema version 2: API tokens for automation (only their hashes are stored).</summary>
[DbContext(typeof(PortalDbContext))]
[Migration("20261121000002_ApiTokens")]
public sealed class ApiTokens : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("ApiTokens", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            Name = t.Column<string>(maxLength: 100, nullable: false),
            Role = t.Column<string>(maxLength: 16, nullable: false),
            TokenHash = t.Column<string>(maxLength: 64, nullable: false),
            Prefix = t.Column<string>(maxLength: 16, nullable: false),
            CreatedBy = t.Column<string>(maxLength: 256, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            ExpiresAt = t.Column<DateTime>(nullable: true),
            RevokedAt = t.Column<DateTime>(nullable: true),
            LastUsedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_ApiTokens", x => x.Id));
        m.CreateIndex("IX_ApiTokens_TokenHash", "ApiTokens", "TokenHash", unique: true);
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("ApiTokens");
}
