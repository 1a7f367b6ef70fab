using System.Net.NetworkInformation;

namespace Portal.Domain.Response;

/// <summary>Configured protected targets (configuration section Portal:Response) and the worker's timing.</summary>
public sealed class ContainmentOptions
{
    public List<string> ProtectedVmIds { get; set; } = [];
    /// <summary>"key=value" tags: every VM carrying one is protected (e.g. role=domain-controller).</summary>
    public List<string> ProtectedTags { get; set; } = [];
    public List<string> ProtectedCidrs { get; set; } = [];
    /// <summary>Protect the portal's own addresses (loopback and every address of this machine's interfaces).</summary>
    public bool ProtectOwnAddresses { get; set; } = true;
    /// <summary>How long a node's claim on an action holds before another node may take the work over.</summary>
    public int ClaimLeaseSeconds { get; set; } = 600;
    /// <summary>How often each node looks for queued work besides being woken by its own requests.</summary>
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>What is wrong with the configuration, one message per bad value naming its key: a protected target that does not
    /// parse must stop the start, not silently protect nothing.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Check(ProtectedTargetKind kind, IEnumerable<string> values, string key)
        {
            var i = 0;
            foreach (var v in values)
            {
                var (_, error) = ProtectedTarget.Normalize(kind, v);
                if (error is not null) errors.Add($"Portal:Response:{key}:{i}: {error}");
                i++;
            }
        }
        Check(ProtectedTargetKind.Vm, ProtectedVmIds, nameof(ProtectedVmIds));
        Check(ProtectedTargetKind.Tag, ProtectedTags, nameof(ProtectedTags));
        Check(ProtectedTargetKind.Cidr, ProtectedCidrs, nameof(ProtectedCidrs));
        if (ClaimLeaseSeconds < 30) errors.Add($"Portal:Response:{nameof(ClaimLeaseSeconds)} must be at least 30 (is {ClaimLeaseSeconds}).");
        if (PollMilliseconds is < 100 or > 60_000) errors.Add($"Portal:Response:{nameof(PollMilliseconds)} must be between 100 and 60000 (is {PollMilliseconds}).");
        return errors;
    }

    /// <summary>The configured and built-in entries (not stored; shown read-only next to the stored ones).</summary>
    public IReadOnlyList<ProtectedTarget> BuiltIn()
    {
        var list = new List<ProtectedTarget>();
        void Add(ProtectedTargetKind kind, string value, string note)
        {
            var (v, _) = ProtectedTarget.Normalize(kind, value);
            if (v is not null) list.Add(new ProtectedTarget { Kind = kind, Value = v, Note = note, CreatedBy = "configuration" });
        }
        foreach (var v in ProtectedVmIds) Add(ProtectedTargetKind.Vm, v, "Portal:Response:ProtectedVmIds");
        foreach (var t in ProtectedTags) Add(ProtectedTargetKind.Tag, t, "Portal:Response:ProtectedTags");
        foreach (var c in ProtectedCidrs) Add(ProtectedTargetKind.Cidr, c, "Portal:Response:ProtectedCidrs");
        if (ProtectOwnAddresses)
            foreach (var a in OwnAddresses()) Add(ProtectedTargetKind.Cidr, a, "the portal's own address");
        return list;
    }

    private static IEnumerable<string> OwnAddresses()
    {
        yield return "127.0.0.0/8";
        yield return "::1";
        IEnumerable<string> found;
        try
        {
            found = NetworkInterface.GetAllNetworkInterfaces().SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(u => u.Address).Where(a => !a.IsIPv6LinkLocal && !System.Net.IPAddress.IsLoopback(a)).Select(a => a.ToString()).ToList();
        }
        catch (NetworkInformationException) { found = []; }
        foreach (var a in found) yield return a;
    }
}

/// <summary>Live state changes of actions on this node, for pages to refresh without polling.</summary>
public sealed class ContainmentBoard
{
    public event Action<ContainmentSnapshot>? Changed;

    public void Publish(ContainmentSnapshot snapshot) => Changed?.Invoke(snapshot);
}
