using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Domain.ApiTokens;
using Portal.Domain.Auditing;
using Portal.Domain.Security;

namespace Portal.DataTests;

public sealed class StoreTests
{
    public static TheoryData<DatabaseProvider> Providers => SchemaTests.Providers;

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static async Task<(TestDatabase Db, ServiceProvider Services, ManualClock Clock)> StartAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        await using (var ctx = db.NewContext()) await ctx.Database.MigrateAsync();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        return (db, db.Services(clock), clock);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Audit_log_filters_pages_and_orders_newest_first(DatabaseProvider provider)
    {
        var (db, services, clock) = await StartAsync(provider);
        await using var _ = db; await using var __ = services;
        var audit = services.GetRequiredService<IAuditLog>();
        for (var i = 0; i < 7; i++)
        {
            clock.Now = clock.Now.AddMinutes(1);
            await audit.RecordAsync(new AuditEvent(i % 2 == 0 ? "alice@corp" : "bob@corp", i < 5 ? "auth.sign-in" : "api-token.create",
                $"target-{i}", i == 3 ? AuditOutcome.Failed : AuditOutcome.Succeeded, "10.0.0.1", i == 6 ? "Needle in detail" : null));
        }

        var all = await audit.QueryAsync(new AuditQuery { PageSize = 3 });
        Assert.Equal(7, all.Total);
        Assert.Equal(["target-6", "target-5", "target-4"], all.Items.Select(x => x.Target));
        var page3 = await audit.QueryAsync(new AuditQuery { PageSize = 3, Page = 3 });
        Assert.Equal(["target-0"], page3.Items.Select(x => x.Target));

        Assert.Equal(5, (await audit.QueryAsync(new AuditQuery { Action = "auth." })).Total);
        Assert.Equal(4, (await audit.QueryAsync(new AuditQuery { Actor = "alice@corp" })).Total);
        Assert.Equal("target-3", (await audit.QueryAsync(new AuditQuery { Outcome = AuditOutcome.Failed })).Items.Single().Target);
        Assert.Equal("target-6", (await audit.QueryAsync(new AuditQuery { Search = "NEEDLE" })).Items.Single().Target);
        var window = await audit.QueryAsync(new AuditQuery { From = new DateTime(2026, 11, 21, 12, 2, 0, DateTimeKind.Utc), To = new DateTime(2026, 11, 21, 12, 3, 0, DateTimeKind.Utc) });
        Assert.Equal(["target-2", "target-1"], window.Items.Select(x => x.Target));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Api_tokens_are_stored_as_hashes_and_expire_and_revoke(DatabaseProvider provider)
    {
        var (db, services, clock) = await StartAsync(provider);
        await using var _ = db; await using var __ = services;
        var tokens = services.GetRequiredService<ApiTokenService>();
        var created = await tokens.CreateAsync("ci", PortalRoles.Analyst, clock.Now.UtcDateTime.AddDays(1), "admin@corp", "127.0.0.1");

        await using (var ctx = db.NewContext())
        {
            var row = await ctx.ApiTokens.SingleAsync();
            Assert.Equal(ApiTokenService.Hash(created.Secret), row.TokenHash);
            Assert.DoesNotContain(created.Secret, row.TokenHash + row.Prefix + row.Name);
        }
        Assert.Equal(TokenCheck.Valid, (await tokens.ValidateAsync(created.Secret)).Result);
        Assert.Equal(TokenCheck.Unknown, (await tokens.ValidateAsync(created.Secret + "x")).Result);
        clock.Now = clock.Now.AddDays(2);
        Assert.Equal(TokenCheck.Expired, (await tokens.ValidateAsync(created.Secret)).Result);

        var other = await tokens.CreateAsync("other", PortalRoles.Viewer, null, "admin@corp", null);
        Assert.True(await tokens.RevokeAsync(other.Token.Id, "admin@corp", null));
        Assert.Equal(TokenCheck.Revoked, (await tokens.ValidateAsync(other.Secret)).Result);
        Assert.False(await tokens.RevokeAsync(Guid.NewGuid(), "admin@corp", null));

        var audit = await services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery { Action = "api-token." });
        Assert.Equal(4, audit.Total); // two creations, one revocation, one failed revocation
        Assert.Single(audit.Items, x => x.Outcome == AuditOutcome.Failed);
    }

    [Fact]
    public async Task Sqlite_file_holds_no_secret_in_clear_text()
    {
        var (db, services, _) = await StartAsync(DatabaseProvider.Sqlite);
        await using var _db = db; await using var __ = services;
        var tokens = services.GetRequiredService<ApiTokenService>();
        var created = await tokens.CreateAsync("file-scan", PortalRoles.Admin, null, "admin@corp", null);
        const string clientSecret = "Qx8~clientSecretValue.ThatMustNeverBeStoredPlain";
        var protectedSecret = services.GetRequiredService<ISecretProtector>().Protect(clientSecret);
        await services.GetRequiredService<Portal.Domain.Accounts.IAccountStore>().AddAsync(new Portal.Domain.Accounts.CloudAccount
        {
            Id = Guid.NewGuid(), Name = "scan", TenantId = Guid.NewGuid().ToString(), ClientId = Guid.NewGuid().ToString(),
            ProtectedClientSecret = protectedSecret, CreatedAt = DateTime.UtcNow, CreatedBy = "test",
        });

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = string.Concat(System.IO.Directory.GetFiles(db.Directory, "portal.db*").Select(f => System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        Assert.Contains(protectedSecret[..20], bytes); // the scan does read the rows
        Assert.DoesNotContain(created.Secret, bytes);
        Assert.DoesNotContain(clientSecret, bytes);
        Assert.DoesNotContain("ThatMustNeverBeStoredPlain", bytes);
    }

    [Fact]
    public async Task Protected_secret_round_trips_and_a_foreign_key_ring_cannot_read_it()
    {
        var (db, services, _) = await StartAsync(DatabaseProvider.Sqlite);
        await using var _db = db; await using var __ = services;
        var protector = services.GetRequiredService<ISecretProtector>();
        var cipher = protector.Protect("s3cr3t-value");
        Assert.NotEqual("s3cr3t-value", cipher);
        Assert.Equal("s3cr3t-value", protector.Unprotect(cipher));
        Assert.NotEmpty(System.IO.Directory.GetFiles(Path.Combine(db.Directory, "keys"), "key-*.xml"));

        await using var otherDb = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var otherServices = otherDb.Services();
        var error = Assert.Throws<SecretUnreadableException>(() => otherServices.GetRequiredService<ISecretProtector>().Unprotect(cipher));
        Assert.Contains("Enter the secret again", error.Message);
    }
}
