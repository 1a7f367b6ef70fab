using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Sync;

namespace Portal.Jobs.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Clustering_defaults_to_on_for_Postgres_and_off_for_SQLite()
    {
        Assert.True(new PortalJobsOptions { Provider = "Postgres", ConnectionString = "Host=x" }.IsClustered);
        Assert.False(new PortalJobsOptions { Provider = "Sqlite", ConnectionString = "Data Source=x" }.IsClustered);
        Assert.False(new PortalJobsOptions { Provider = "Postgres", ConnectionString = "Host=x", Clustered = false }.IsClustered);
    }

    [Theory]
    [InlineData("Oracle", "x", null, "Provider")]
    [InlineData("Sqlite", "", null, "ConnectionString")]
    [InlineData("Sqlite", "Data Source=x", true, "cannot be clustered")]
    public void Options_that_cannot_work_are_refused_with_what_to_fix(string provider, string connectionString, bool? clustered, string message)
    {
        var options = new PortalJobsOptions { Provider = provider, ConnectionString = connectionString, Clustered = clustered };
        var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddPortalJobs(options));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Keys_are_kind_dash_account_in_group_accounts_and_parse_back()
    {
        var account = Guid.Parse("0b7a2f4e-59c3-4a57-9d4e-2f1c3b5a6d7e");
        var key = SyncJobKeys.Job(account, SyncKind.Resources);
        Assert.Equal("Resources-0b7a2f4e-59c3-4a57-9d4e-2f1c3b5a6d7e", key.Name);
        Assert.Equal("accounts", key.Group);
        Assert.True(SyncJobKeys.TryParse(key, out var parsed, out var kind));
        Assert.Equal((account, SyncKind.Resources), (parsed, kind));
        Assert.False(SyncJobKeys.TryParse(new Quartz.JobKey("other", "accounts"), out _, out _));
    }

    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(10, 5)]
    [InlineData(60, 30)]
    [InlineData(3600, 30)]
    public void A_periodic_trigger_s_misfire_threshold_is_at_most_half_its_interval(int intervalSeconds, double expectedSeconds)
    {
        var scheduler = new QuartzSyncScheduler(null!, new PortalJobsOptions(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<QuartzSyncScheduler>.Instance);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), scheduler.MisfireThresholdFor(TimeSpan.FromSeconds(intervalSeconds)));
    }
}
