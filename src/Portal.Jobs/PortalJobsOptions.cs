namespace Portal.Jobs;

/// <summary>How the portal's scheduler is set up: where its persistent store lives and how it takes part in a cluster.</summary>
public sealed class PortalJobsOptions
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    /// <summary>"Sqlite" (the default, one portal process) or "Postgres" (several portal processes may share the schedule).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>The portal database's connection string; Quartz keeps its own tables (QRTZ_*) in it.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Whether this scheduler is one node of a cluster sharing the database. Null means: on for Postgres, off for SQLite.
    /// Clustering on SQLite is refused: a SQLite file is one machine's database.</summary>
    public bool? Clustered { get; set; }

    /// <summary>The scheduler's name. Every node of one cluster must use the same name (it keys the rows in Quartz's tables).</summary>
    public string InstanceName { get; set; } = "portal";

    /// <summary>This node's id within the cluster; null generates a unique one at start (host name + time).</summary>
    public string? InstanceId { get; set; }

    /// <summary>Whether the hosted service starts the scheduler. False leaves it built but in standby (the app or a test starts it).</summary>
    public bool StartScheduler { get; set; } = true;

    /// <summary>At most this many sync runs execute at once on this node.</summary>
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>How often a clustered node records that it is alive. A node that misses
    /// <see cref="ClusterCheckinInterval"/> + <see cref="ClusterCheckinMisfireThreshold"/> is taken for dead and its
    /// in-flight runs are recovered by another node.</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long past a missed check-in the other nodes wait before recovering a node's work.</summary>
    public TimeSpan ClusterCheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How late a periodic run may start before it counts as missed (then it runs once, at once, instead of catching
    /// up every missed run). Each trigger uses the smaller of this and half its own interval, so a run that is late by a
    /// whole interval is always a misfire and never a burst.</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The scheduler's idle poll: how long it sleeps when nothing is due. Short enough that a trigger stored by another
    /// cluster node (or "sync now") is picked up quickly.</summary>
    public TimeSpan IdleWaitTime { get; set; } = TimeSpan.FromSeconds(5);

    internal bool IsClustered => Clustered ?? IsPostgres;

    internal bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase)
        || string.Equals(Provider, "PostgreSQL", StringComparison.OrdinalIgnoreCase);

    internal bool IsSqlite => string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws with a message that says what to fix when the options cannot work.</summary>
    public void Validate()
    {
        if (!IsSqlite && !IsPostgres)
            throw new ArgumentException($"PortalJobsOptions.Provider must be \"{Sqlite}\" or \"{Postgres}\", not \"{Provider}\".");
        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new ArgumentException("PortalJobsOptions.ConnectionString is required: the scheduler keeps its schedule in the portal database.");
        if (IsSqlite && Clustered == true)
            throw new ArgumentException("Clustering needs a database several portal processes share (Postgres); a SQLite file cannot be clustered.");
        if (string.IsNullOrWhiteSpace(InstanceName))
            throw new ArgumentException("PortalJobsOptions.InstanceName is required.");
        if (MaxConcurrency < 1)
            throw new ArgumentException("PortalJobsOptions.MaxConcurrency must be at least 1.");
        if (ClusterCheckinInterval <= TimeSpan.Zero || ClusterCheckinMisfireThreshold <= TimeSpan.Zero
            || MisfireThreshold <= TimeSpan.Zero || IdleWaitTime <= TimeSpan.Zero)
            throw new ArgumentException("PortalJobsOptions time spans must be positive.");
    }
}
