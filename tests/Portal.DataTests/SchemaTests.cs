using System.Data.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Data.Identity;
using Portal.Domain.ApiTokens;
using Portal.Domain.Auditing;

namespace Portal.DataTests;

public sealed class SchemaTests
{
    public static TheoryData<DatabaseProvider> Providers => new() { DatabaseProvider.Sqlite, DatabaseProvider.Postgres };

    [Theory, MemberData(nameof(Providers))]
    public async Task Migrations_produce_exactly_the_schema_of_the_model(DatabaseProvider provider)
    {
        await using var migrated = await TestDatabase.CreateAsync(provider);
        await using var created = await TestDatabase.CreateAsync(provider);
        await using (var db = migrated.NewContext()) await db.Database.MigrateAsync();
        await using (var db = created.NewContext()) await db.Database.EnsureCreatedAsync();

        var fromMigrations = await DescribeSchemaAsync(migrated);
        var fromModel = await DescribeSchemaAsync(created);
        Assert.NotEmpty(fromModel);
        Assert.Equal(fromModel, fromMigrations);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_version_1_database_upgrades_in_place_and_keeps_its_data(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        // An older build: schema version 1 only (accounts and audit trail, no API tokens).
        await using (var db = database.NewContext())
        {
            await db.GetService<IMigrator>().MigrateAsync("20261121000001_InitialSchema");
            Assert.Equal(["20261121000001_InitialSchema"], await db.Database.GetAppliedMigrationsAsync());
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"AspNetUsers\" (\"Id\", \"CreatedAt\", \"UserName\", \"NormalizedUserName\", \"Email\", \"NormalizedEmail\", \"EmailConfirmed\", \"PhoneNumberConfirmed\", \"TwoFactorEnabled\", \"LockoutEnabled\", \"AccessFailedCount\") " +
                "VALUES ('u1', {0}, 'old@portal.test', 'OLD@PORTAL.TEST', 'old@portal.test', 'OLD@PORTAL.TEST', {1}, {2}, {2}, {1}, 0)",
                new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), true, false);
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"AuditEntries\" (\"OccurredAt\", \"Actor\", \"Action\", \"Target\", \"Outcome\") VALUES ({0}, 'system', 'user.create', 'old@portal.test', 'Succeeded')",
                new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        }

        // The current build starts on it.
        await using (var db = database.NewContext())
        {
            Assert.Contains("20261121000002_ApiTokens", await db.Database.GetPendingMigrationsAsync());
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        await using var services = database.Services();
        await using var scope = services.CreateAsyncScope();
        await using (var db = database.NewContext())
        {
            var user = await db.Users.SingleAsync();
            Assert.Equal("old@portal.test", user.Email);
            Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 5), user.CreatedAt);
            var entry = await db.AuditEntries.SingleAsync();
            Assert.Equal(("system", "user.create", AuditOutcome.Succeeded), (entry.Actor, entry.Action, entry.Outcome));
        }
        // The new table works.
        var tokens = scope.ServiceProvider.GetRequiredService<ApiTokenService>();
        var created = await tokens.CreateAsync("after-upgrade", "Viewer", null, "test", null);
        Assert.Equal(TokenCheck.Valid, (await tokens.ValidateAsync(created.Secret)).Result);
    }

    private static async Task<List<string>> DescribeSchemaAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        var rows = new List<string>();
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var tables = await QueryAsync(conn, "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%' ORDER BY name");
            foreach (var t in tables)
            {
                rows.AddRange((await QueryAsync(conn, $"SELECT name || ' ' || type || ' notnull=' || \"notnull\" || ' pk=' || pk FROM pragma_table_info('{t}') ORDER BY name"))
                    .Select(c => $"{t}.{c}"));
                rows.AddRange((await QueryAsync(conn, $"SELECT name || ' unique=' || \"unique\" FROM pragma_index_list('{t}') WHERE origin = 'c' ORDER BY name"))
                    .Select(i => $"{t} index {i}"));
            }
        }
        else
        {
            rows.AddRange(await QueryAsync(conn,
                "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length::text, '') || ' nullable=' || is_nullable || ' identity=' || is_identity " +
                "FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '__EFMigrationsHistory' ORDER BY table_name, column_name"));
            rows.AddRange(await QueryAsync(conn,
                "SELECT tablename || ' index ' || indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory' ORDER BY tablename, indexname"));
            rows.AddRange(await QueryAsync(conn,
                "SELECT conrelid::regclass || ' fk ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace ORDER BY conname"));
        }
        return rows;
    }

    private static async Task<List<string>> QueryAsync(DbConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        await using var reader = await cmd.ExecuteReaderAsync();
        var result = new List<string>();
        while (await reader.ReadAsync()) result.Add(reader.GetString(0));
        return result;
    }
}
