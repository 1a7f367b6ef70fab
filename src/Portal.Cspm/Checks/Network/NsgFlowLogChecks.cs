namespace Portal.Cspm.Checks.Network;

internal static class FlowLogs
{
    /// <summary>Enabled flow logs (Microsoft.Network/networkWatchers/flowLogs) whose target is the NSG.</summary>
    public static List<ResourceConfig> For(ResourceConfig nsg, IResourceSet resources) =>
        resources.OfType(ResourceTypes.FlowLog).Where(f => f.Json.Str("properties.targetResourceId").Is(nsg.Id) && f.Json.Bool("properties.enabled") != false).ToList();
}

public sealed class NsgFlowLogRetention : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-flowlog-retention-90", "NSG flow logs are enabled and retained for at least 90 days", Severity.Medium, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Each NSG must have an enabled flow log whose retentionPolicy is enabled with days >= 90 (0 = keep forever).",
        "Without flow logs of sufficient age, lateral movement and exfiltration cannot be reconstructed after an incident.",
        "Network Watcher > Flow logs > select or create the flow log for the NSG > Retention (days) = 90 or more (0 keeps logs forever).",
        "az network watcher flow-log create -l <region> -n <flowlog> --nsg <nsg-id> --storage-account <storage-id> --retention 90 --enabled true",
        "7.5");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.FlowLog };

    protected override Outcome? Evaluate(ResourceConfig nsg, IResourceSet resources)
    {
        var logs = FlowLogs.For(nsg, resources);
        if (logs.Count == 0) return Outcome.Fail("no enabled flow log targets this NSG");
        foreach (var f in logs)
        {
            var enabled = f.Json.Bool("properties.retentionPolicy.enabled") == true;
            var days = f.Json.Num("properties.retentionPolicy.days") ?? 0;
            if (enabled && (days == 0 || days >= 90)) return Outcome.Pass($"flow log '{f.Name}': retentionPolicy.enabled = true, days = {days}");
        }
        var first = logs[0];
        return Outcome.Fail($"flow log '{first.Name}': retentionPolicy.enabled = {first.Json.Str("properties.retentionPolicy.enabled") ?? "(absent)"}, days = {first.Json.Str("properties.retentionPolicy.days") ?? "(absent)"}");
    }
}

public sealed class NsgFlowLogTrafficAnalytics : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-flowlog-log-analytics", "NSG flow logs are sent to Log Analytics (traffic analytics)", Severity.Low, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Each NSG must have an enabled flow log with flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.enabled = true and a Log Analytics workspace.",
        "Flow logs that only land in a storage account are rarely looked at; without Log Analytics there is no querying or alerting on network flows.",
        "Network Watcher > Flow logs > select the flow log > Analytics: enable Traffic analytics and choose a Log Analytics workspace.",
        "az network watcher flow-log update -l <region> -n <flowlog> --traffic-analytics true --workspace <workspace-id>",
        "6.1.5");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.FlowLog };

    protected override Outcome? Evaluate(ResourceConfig nsg, IResourceSet resources)
    {
        var logs = FlowLogs.For(nsg, resources);
        if (logs.Count == 0) return Outcome.Fail("no enabled flow log targets this NSG");
        const string path = "properties.flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration";
        var ok = logs.FirstOrDefault(f => f.Json.Bool(path + ".enabled") == true && f.Json.Str(path + ".workspaceResourceId") is not null or "");
        return ok is not null
            ? Outcome.Pass($"flow log '{ok.Name}': {path}.workspaceResourceId = {ok.Json.Str(path + ".workspaceResourceId")}")
            : Outcome.Fail($"flow log '{logs[0].Name}': {path}.enabled = {logs[0].Json.Str(path + ".enabled") ?? "(absent)"}");
    }
}
