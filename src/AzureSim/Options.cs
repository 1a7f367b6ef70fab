namespace AzureSim;

/// <summary>Which Azure cloud the simulator answers as.</summary>
public enum SimCloud { AzurePublic, AzureChina }

/// <summary>Options for <see cref="AzureSimHost.StartAsync"/>.</summary>
public sealed class AzureSimOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free port.</summary>
    public int Port { get; set; } = 0;
    /// <summary>TCP port of the blob endpoint (exported disks) on 127.0.0.1; 0 picks a free port.</summary>
    public int BlobPort { get; set; } = 0;
    /// <summary>"demo" (embedded), "large:&lt;vmCount&gt;" (deterministic generator), or a path to a seed JSON file.</summary>
    public string Seed { get; set; } = "demo";
    public SimCloud Cloud { get; set; } = SimCloud.AzurePublic;
    public FaultOptions Faults { get; set; } = new();
    /// <summary>Seed for the random source behind rate-based faults (deterministic when set).</summary>
    public int? RandomSeed { get; set; }
    /// <summary>Page size of list operations that page (nextLink).</summary>
    public int PageSize { get; set; } = 50;
    /// <summary>Lifetime of issued access tokens.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(60);
    /// <summary>Write the server certificate (PEM, public part) to this path once started.</summary>
    public string? CertificateOutputPath { get; set; }
}

/// <summary>Fault injection. Can be changed at runtime through <see cref="SimState.Faults"/> or POST /_sim/faults.</summary>
public sealed class FaultOptions
{
    /// <summary>Fraction (0..1) of ARM requests answered 429 TooManyRequests with Retry-After.</summary>
    public double ThrottleRate { get; set; }
    /// <summary>Fraction (0..1) of ARM requests answered 500/503.</summary>
    public double ServerErrorRate { get; set; }
    /// <summary>Added latency per ARM and token request, in milliseconds.</summary>
    public int LatencyMs { get; set; }
    /// <summary>When true the token endpoint answers 503 (an Entra outage).</summary>
    public bool TokenEndpointDown { get; set; }
    /// <summary>Retry-After seconds sent with injected 429s.</summary>
    public int RetryAfterSeconds { get; set; } = 1;
    /// <summary>Enforce ARM's per subscription x principal token buckets (reads 250 +25/s, writes 200 +10/s, deletes 200 +10/s).</summary>
    public bool EnforceRateLimits { get; set; } = true;

    /// <summary>When set (e.g. "https://127.0.0.1:9"), list pages link their next page to this origin instead of the
    /// simulator's own: a client must not follow it with its token.</summary>
    public string? ForeignNextLinkBase { get; set; }
    public FaultOptions Clone() => (FaultOptions)MemberwiseClone();
}

/// <summary>A service principal (app registration) known to the simulator.</summary>
public sealed record SimClientInfo(
    string ClientId,
    string Secret,
    IReadOnlyList<string> Roles,
    bool Expired,
    string DisplayName,
    string ObjectId,
    string TenantId);
