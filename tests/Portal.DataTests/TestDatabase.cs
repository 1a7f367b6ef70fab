using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Portal.Data;

namespace Portal.DataTests;

/// <summary>A fresh, empty database on one of the two providers: a SQLite file or a new PostgreSQL database.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "PORTAL_TEST_POSTGRES";

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public string Directory { get; }
    private readonly string? _pgDatabase;

    private TestDatabase(DatabaseProvider provider, string connectionString, string directory, string? pgDatabase)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Directory = directory;
        _pgDatabase = pgDatabase;
    }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var dir = Path.Combine(Path.GetTempPath(), "portal-data-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(dir);
        if (provider == DatabaseProvider.Sqlite)
            return new TestDatabase(provider, PortalDataExtensions.DefaultSqliteConnectionString(dir), dir, null);

        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrEmpty(admin))
            throw new InvalidOperationException(
                $"PostgreSQL data tests need {PostgresVariable} (an admin connection string). scripts/test.sh starts a server on loopback and sets it.");
        var name = "portal_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString;
        return new TestDatabase(provider, cs, dir, name);
    }

    public PortalDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        PortalDataExtensions.ConfigureProvider(options, Provider, ConnectionString);
        return new PortalDbContext(options.Options);
    }

    /// <summary>The portal's data services as the web host registers them.</summary>
    public ServiceProvider Services(TimeProvider? clock = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (clock is not null) services.AddSingleton(clock);
        services.AddPortalData(Provider, ConnectionString, Path.Combine(Directory, "keys"));
        return services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        if (_pgDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresVariable));
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_pgDatabase} WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        else
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
