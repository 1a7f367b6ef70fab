namespace Portal.Cspm.Checks.Network;

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
        var ok = logs.FirstOrDefault(f => f.Json.Bool(path + ".enabled") == true && f.Json.Str(path + ".workspaceResourceId") is { Length: > 0 });
        return ok is not null
            ? Outcome.Pass($"flow log '{ok.Name}': {path}.workspaceResourceId = {ok.Json.Str(path + ".workspaceResourceId")}")
            : Outcome.Fail($"flow log '{logs[0].Name}': {path}.enabled = {logs[0].Json.Str(path + ".enabled") ?? "(absent)"}");
    }
}
