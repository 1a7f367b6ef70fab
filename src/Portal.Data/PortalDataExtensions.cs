using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Secrets;
using Portal.Data.Stores;
using Portal.Domain.ApiTokens;
using Portal.Domain.Auditing;
using Portal.Domain.Security;

namespace Portal.Data;

public static class PortalDataExtensions
{
    /// <summary>The SQLite connection string used when none is configured: a file under the data directory.</summary>
    public static string DefaultSqliteConnectionString(string dataDirectory) =>
        $"Data Source={Path.Combine(Path.GetFullPath(dataDirectory), "portal.db")}";

    public static void ConfigureProvider(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(connectionString, o => o.MigrationsAssembly(typeof(PortalDbContext).Assembly.FullName));
                break;
            case DatabaseProvider.Postgres:
                options.UseNpgsql(connectionString, o => o.MigrationsAssembly(typeof(PortalDbContext).Assembly.FullName));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider.");
        }
        // Migrations are written by hand (no model snapshot): the schema tests compare the
        // migrated schema with the model instead of this warning.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    /// <summary>Registers the portal database, its stores and the secret protector.</summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, DatabaseProvider provider,
        string connectionString, string keyRingDirectory)
    {
        services.AddDbContextFactory<PortalDbContext>(o => ConfigureProvider(o, provider, connectionString));
        // Identity's stores use a scoped context; the factory serves the rest.
        services.AddDbContext<PortalDbContext>(o => ConfigureProvider(o, provider, connectionString), optionsLifetime: ServiceLifetime.Singleton);
        services.TryAddTimeProvider();
        services.AddSingleton<IAuditLog, EfAuditLog>();
        services.AddSingleton<IApiTokenStore, EfApiTokenStore>();
        services.AddSingleton<ApiTokenService>();
        services.AddScoped<Identity.PortalUserService>();
        services.AddSingleton<Portal.Domain.Accounts.IAccountStore, EfAccountStore>();
        services.AddSingleton<Portal.Domain.Inventory.IHostStore, EfHostStore>();
        services.AddSingleton<Portal.Domain.Risks.IResourceStore, EfResourceStore>();
        services.AddSingleton<Portal.Domain.Risks.IRiskStore, EfRiskStore>();
        services.AddSingleton<Portal.Domain.Risks.IWhitelistStore, EfWhitelistStore>();
        services.AddSingleton<Portal.Domain.Risks.WhitelistService>();
        services.AddSingleton<Portal.Domain.Risks.RiskService>();
        services.AddSingleton<Portal.Domain.Playbooks.IPlaybookStore, EfPlaybookStore>();
        services.AddSingleton<Portal.Domain.Playbooks.IAlertStore, EfAlertStore>();
        services.AddSingleton<Portal.Domain.Playbooks.IPlaybookRunStore, EfPlaybookRunStore>();
        services.AddSingleton<Portal.Domain.Response.IContainmentStore, EfContainmentStore>();
        services.AddSingleton<Portal.Domain.Agentless.IAgentlessScanStore, EfAgentlessScanStore>();

        Directory.CreateDirectory(keyRingDirectory);
        services.AddDataProtection()
            .SetApplicationName("AzurePortal")
            .PersistKeysToFileSystem(new DirectoryInfo(keyRingDirectory));
        services.AddSingleton<ISecretProtector, DataProtectionSecretProtector>();
        return services;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }
}
