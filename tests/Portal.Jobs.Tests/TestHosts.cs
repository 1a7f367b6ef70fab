using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;

namespace Portal.Jobs.Tests;

/// <summary>A portal-shaped host with only the scheduler in it: AddPortalJobs, the health check, and the recording runner.</summary>
public sealed class JobsHost : IAsyncDisposable
{
    public IHost Host { get; }
    public string Node { get; }
    public FireLog Fires { get; } = new();

    private readonly bool _startsScheduler;

    private JobsHost(IHost host, string node, bool startsScheduler) { Host = host; Node = node; _startsScheduler = startsScheduler; }

    public static JobsHost Build(PortalJobsOptions options, RunRecorder recorder, string node = "node",
        Action<IServiceCollection>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddSingleton<Portal.Domain.Sync.IAccountSyncRunner>(new RecordingRunner(recorder, node));
        configure?.Invoke(builder.Services);
        builder.Services.AddPortalJobs(options);
        builder.Services.AddHealthChecks().AddPortalJobsHealthCheck();
        return new JobsHost(builder.Build(), node, options.StartScheduler);
    }

    public QuartzSyncScheduler Scheduler => Host.Services.GetRequiredService<QuartzSyncScheduler>();

    public async Task<IScheduler> QuartzAsync() => await Host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    public Task<HealthReport> HealthAsync() => Host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    public async Task<JobsHost> StartAsync()
    {
        var quartz = await QuartzAsync();
        await Fires.AttachToAsync(quartz);
        await Host.StartAsync();
        // Quartz's hosted service starts the scheduler once the application has started, which may be just after
        // StartAsync returns.
        if (_startsScheduler)
            await RunRecorder.WaitUntilAsync(() => quartz.Status == SchedulerStatus.Running, TimeSpan.FromSeconds(15), $"scheduler of {Node} running");
        return this;
    }

    public Task StopAsync() => Host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        try { await Host.StopAsync(); } catch (ObjectDisposedException) { }
        Host.Dispose();
    }
}

/// <summary>A SQLite file of its own in a temp folder.</summary>
public sealed class SqliteFile : IDisposable
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "portal-jobs-" + Guid.NewGuid().ToString("N")[..8]);
    public string ConnectionString { get; }

    public SqliteFile()
    {
        System.IO.Directory.CreateDirectory(Directory);
        ConnectionString = $"Data Source={Path.Combine(Directory, "portal.db")}";
    }

    /// <summary>Options as the portal uses them on SQLite, with time spans short enough for tests that wait seconds.</summary>
    public PortalJobsOptions Options(bool start = true) => new()
    {
        Provider = PortalJobsOptions.Sqlite,
        ConnectionString = ConnectionString,
        StartScheduler = start,
        IdleWaitTime = TimeSpan.FromSeconds(1),
    };

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A fresh PostgreSQL database for one test class, dropped afterwards. Needs PORTAL_TEST_POSTGRES (an admin
/// connection string); without it the tests fail and say so, they do not skip.</summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public const string Variable = "PORTAL_TEST_POSTGRES";
    private string? _name;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(admin))
            throw new InvalidOperationException(
                $"The PostgreSQL scheduler tests need {Variable}, an admin connection string such as " +
                "\"Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres\". scripts/test.sh starts a server on loopback and sets it.");
        _name = "portal_jobs_" + Guid.NewGuid().ToString("N");
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {_name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = _name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_name is null) return;
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(Environment.GetEnvironmentVariable(Variable));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
