using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Data.Identity;
using Portal.Domain.ApiTokens;
using Portal.Domain.Auditing;
using Portal.Domain.Security;
using Portal.Web.Configuration;

namespace Portal.Web.Hosting;

/// <summary>Brings the database to the current schema and creates what a first run needs: roles, the first admin, the bootstrap token.</summary>
public sealed class PortalInitializer(IServiceProvider services, IOptions<PortalOptions> options, ILogger<PortalInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        // Every ValidateOnStart option set fails here, before anything starts, so Program reports it and exits 1
        // (the host would otherwise validate them only when it runs).
        services.GetService<IStartupValidator>()?.Validate();
        if (services.GetService<DemoEnvironment>() is { } demo)
        {
            await demo.StartAsync(ct);
            logger.LogInformation("Demo mode: cloud calls go to the bundled Azure simulator at {Endpoint} (tenant {Tenant}). Set Portal__DemoMode=false for real Azure.",
                demo.Simulator.ArmEndpoint, demo.TenantId);
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await MigrateAsync(db, ct);

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in PortalRoles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"create role {role}");

        await EnsureFirstAdminAsync(scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>(),
            scope.ServiceProvider.GetRequiredService<IAuditLog>(), ct);

        await scope.ServiceProvider.GetRequiredService<Portal.Domain.Playbooks.PlaybookService>().EnsureExamplesAsync(ct);

        if (!string.IsNullOrEmpty(options.Value.BootstrapApiToken))
            await scope.ServiceProvider.GetRequiredService<ApiTokenService>().EnsureBootstrapTokenAsync(options.Value.BootstrapApiToken, ct);
    }

    private async Task MigrateAsync(PortalDbContext db, CancellationToken ct)
    {
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Upgrading the portal database: applying {Count} schema version(s): {Migrations}", pending.Count, string.Join(", ", pending));
                await db.Database.MigrateAsync(ct);
            }
            // SQLite: write-ahead logging lets the scheduler, syncs and pages write and read at once.
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
        {
            var provider = db.Database.ProviderName?.Contains("Npgsql") == true ? "PostgreSQL" : "SQLite";
            throw new PortalStartupException(
                $"The portal cannot open its {provider} database: {ex.GetBaseException().Message}\n" +
                "Check ConnectionStrings:Portal (ConnectionStrings__Portal) and Portal:DatabaseProvider, that the database server is running and reachable, " +
                "and for SQLite that Portal:DataDirectory is writable.", ex);
        }
    }

    private async Task EnsureFirstAdminAsync(UserManager<PortalUser> users, IAuditLog audit, CancellationToken ct)
    {
        if (await users.Users.AnyAsync(ct)) return;
        var email = options.Value.AdminEmail;
        var password = options.Value.AdminPassword;
        var generated = string.IsNullOrEmpty(password);
        if (generated) password = GeneratePassword();

        var admin = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTime.UtcNow };
        Check(await users.CreateAsync(admin, password!), "create the first admin (check Portal:AdminPassword)");
        Check(await users.AddToRoleAsync(admin, PortalRoles.Admin), "grant the first admin its role");
        await audit.RecordAsync(new AuditEvent("system", "user.create", email, AuditOutcome.Succeeded, null,
            generated ? "First-run admin with a generated password." : "First-run admin with the configured password."), ct);

        if (generated)
        {
            // Printed once, to the console only: the password never goes to the log pipeline.
            Console.WriteLine();
            Console.WriteLine("==================================================================");
            Console.WriteLine(" First run: an administrator account was created.");
            Console.WriteLine($"   Sign-in: {email}");
            Console.WriteLine($"   Password: {password}");
            Console.WriteLine(" This password is shown only now. Change it after signing in.");
            Console.WriteLine("==================================================================");
            Console.WriteLine();
        }
        else
        {
            logger.LogInformation("First run: created administrator {Email} with the configured password.", email);
        }
    }

    private static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var core = RandomNumberGenerator.GetString(alphabet, 20);
        return $"{core[..5]}-{core[5..10]}-{core[10..15]}-{core[15..]}"; // has upper, lower, digit
    }

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new PortalStartupException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}
