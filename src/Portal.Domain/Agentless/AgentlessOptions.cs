namespace Portal.Domain.Agentless;

/// <summary>Portal:Agentless — the limits of agentless detection, validated at start-up.</summary>
public sealed class AgentlessOptions
{
    public const string Section = "Portal:Agentless";

    /// <summary>At most this many disks of one VM are scanned (Defender for Cloud: 6); the rest are skipped with the reason.</summary>
    public int MaxDisksPerVm { get; set; } = 6;

    /// <summary>At most this many GiB of disk per VM (Defender for Cloud: 4 TB).</summary>
    public int MaxGiBPerVm { get; set; } = 4096;

    /// <summary>Disks of one account being snapshotted and read at once.</summary>
    public int DisksInFlightPerAccount { get; set; } = 2;

    /// <summary>Disks being snapshotted and read at once on this portal node, whatever the account.</summary>
    public int DisksInFlightPortal { get; set; } = 4;

    /// <summary>VMs carrying this tag with <see cref="SkipTagValue"/> are not scanned.</summary>
    public string SkipTagName { get; set; } = "security-portal-scan";
    public string SkipTagValue { get; set; } = "skip";

    /// <summary>Portal-tagged snapshots older than this are deleted by the sweeper (a crash leaves nothing for long).</summary>
    public int SnapshotMaxAgeMinutes { get; set; } = 360;

    /// <summary>How long the SAS URL of a snapshot is valid (beginGetAccess durationInSeconds).</summary>
    public int ReadAccessSeconds { get; set; } = 3600;

    /// <summary>A running scan's claim; renewed while it runs. A scan whose lease ran out lost its node.</summary>
    public int ClaimLeaseSeconds { get; set; } = 60;

    /// <summary>How often the worker looks for queued scans and scans whose node is gone.</summary>
    public int PollMilliseconds { get; set; } = 2000;

    public long MaxBytesPerVm => MaxGiBPerVm * (1L << 30);

    public TimeSpan SnapshotMaxAge => TimeSpan.FromMinutes(SnapshotMaxAgeMinutes);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxDisksPerVm is < 1 or > 64) errors.Add($"{Section}:MaxDisksPerVm must be between 1 and 64; it is {MaxDisksPerVm}.");
        if (MaxGiBPerVm is < 1 or > 65536) errors.Add($"{Section}:MaxGiBPerVm must be between 1 and 65536; it is {MaxGiBPerVm}.");
        if (DisksInFlightPerAccount is < 1 or > 32) errors.Add($"{Section}:DisksInFlightPerAccount must be between 1 and 32; it is {DisksInFlightPerAccount}.");
        if (DisksInFlightPortal is < 1 or > 128) errors.Add($"{Section}:DisksInFlightPortal must be between 1 and 128; it is {DisksInFlightPortal}.");
        if (string.IsNullOrWhiteSpace(SkipTagName)) errors.Add($"{Section}:SkipTagName is required.");
        if (SnapshotMaxAgeMinutes is < 0 or > 10080) errors.Add($"{Section}:SnapshotMaxAgeMinutes must be between 0 and 10080 (a week); it is {SnapshotMaxAgeMinutes}.");
        if (ReadAccessSeconds is < 300 or > 86400) errors.Add($"{Section}:ReadAccessSeconds must be between 300 and 86400; it is {ReadAccessSeconds}.");
        if (ClaimLeaseSeconds is < 5 or > 3600) errors.Add($"{Section}:ClaimLeaseSeconds must be between 5 and 3600; it is {ClaimLeaseSeconds}.");
        if (PollMilliseconds is < 50 or > 60000) errors.Add($"{Section}:PollMilliseconds must be between 50 and 60000; it is {PollMilliseconds}.");
        return errors;
    }
}
