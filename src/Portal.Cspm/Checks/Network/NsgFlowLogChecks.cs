namespace Portal.Cspm.Checks.Network;

/// <summary>Base for flow-log checks: enabled flow logs (Microsoft.Network/networkWatchers/flowLogs) indexed once per evaluation
/// by their target NSG, so the check stays linear in the number of NSGs and flow logs.</summary>
public abstract class NsgFlowLogCheck : Check
{
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.FlowLog };

    public override IEnumerable<CheckResult> Evaluate(IResourceSet resources)
    {
        var byTarget = resources.OfType(ResourceTypes.FlowLog)
            .Where(f => f.Json.Bool("properties.enabled") != false && f.Json.Str("properties.targetResourceId") is not null)
            .ToLookup(f => f.Json.Str("properties.targetResourceId")!, StringComparer.OrdinalIgnoreCase);
        foreach (var nsg in resources.OfType(Metadata.ResourceType))
        {
            var logs = byTarget[nsg.Id].ToList();
            yield return Result(nsg.Id, logs.Count == 0 ? Outcome.Fail("no enabled flow log targets this NSG") : Evaluate(logs));
        }
    }

    protected abstract Outcome Evaluate(List<ResourceConfig> logs);
}

public sealed class NsgFlowLogRetention : NsgFlowLogCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-flowlog-retention-90", "NSG flow logs are enabled and retained for at least 90 days", Severity.Medium, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Each NSG must have an enabled flow log whose retentionPolicy is enabled with days >= 90 (0 = keep forever).",
        "Without flow logs of sufficient age, lateral movement and exfiltration cannot be reconstructed after an incident.",
        "Network Watcher > Flow logs > select or create the flow log for the NSG > Retention (days) = 90 or more (0 keeps logs forever).",
        "az network watcher flow-log create -l <region> -n <flowlog> --nsg <nsg-id> --storage-account <storage-id> --retention 90 --enabled true",
        "7.5");
    protected override Outcome Evaluate(List<ResourceConfig> logs)
    {
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

public sealed class NsgFlowLogTrafficAnalytics : NsgFlowLogCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-flowlog-log-analytics", "NSG flow logs are sent to Log Analytics (traffic analytics)", Severity.Low, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Each NSG must have an enabled flow log with flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.enabled = true and a Log Analytics workspace.",
        "Flow logs that only land in a storage account are rarely looked at; without Log Analytics there is no querying or alerting on network flows.",
        "Network Watcher > Flow logs > select the flow log > Analytics: enable Traffic analytics and choose a Log Analytics workspace.",
        "az network watcher flow-log update -l <region> -n <flowlog> --traffic-analytics true --workspace <workspace-id>",
        "6.1.5");
    protected override Outcome Evaluate(List<ResourceConfig> logs)
    {
        const string path = "properties.flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration";
        var ok = logs.FirstOrDefault(f => f.Json.Bool(path + ".enabled") == true && f.Json.Str(path + ".workspaceResourceId") is not null or "");
        return ok is not null
            ? Outcome.Pass($"flow log '{ok.Name}': {path}.workspaceResourceId = {ok.Json.Str(path + ".workspaceResourceId")}")
            : Outcome.Fail($"flow log '{logs[0].Name}': {path}.enabled = {logs[0].Json.Str(path + ".enabled") ?? "(absent)"}");
    }
}
