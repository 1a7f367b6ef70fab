namespace Portal.Cspm.Checks.Network;

public sealed class NetworkWatcherEnabled : SubscriptionCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-network-watcher-enabled", "Network Watcher is enabled in every region with virtual networks", Severity.Medium, "Network",
        ResourceTypes.NetworkWatcher,
        "Every Azure region that holds a virtual network of the subscription must have a Network Watcher (Microsoft.Network/networkWatchers, provisioningState Succeeded).",
        "Without Network Watcher there are no flow logs, connection troubleshooting or topology for the region, which blinds incident response.",
        "Network Watcher > Overview > select the subscription > enable the regions in use (or let Azure create NetworkWatcher_<region> in NetworkWatcherRG).",
        "az network watcher configure -g NetworkWatcherRG --locations <region1> <region2> --enabled true",
        "7.6");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.VirtualNetwork };

    private static string Norm(string? l) => (l ?? "").Replace(" ", "").ToLowerInvariant();

    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var used = InSubscription(resources, ResourceTypes.VirtualNetwork, sub).Select(v => Norm(v.Location)).Where(l => l.Length > 0).ToHashSet();
        var watched = InSubscription(resources, ResourceTypes.NetworkWatcher, sub)
            .Where(w => w.Json.Str("properties.provisioningState") is null or "Succeeded").Select(w => Norm(w.Location)).ToHashSet();
        if (used.Count == 0) return Outcome.Pass("no virtual networks: no region in use");
        var missing = used.Where(l => !watched.Contains(l)).OrderBy(l => l).ToList();
        return missing.Count == 0
            ? Outcome.Pass($"Network Watcher present in all regions in use: {string.Join(", ", used.OrderBy(l => l))}")
            : Outcome.Fail($"no Network Watcher in region(s) with virtual networks: {string.Join(", ", missing)}");
    }
}
