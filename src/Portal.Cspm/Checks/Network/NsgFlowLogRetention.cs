namespace Portal.Cspm.Checks.Network;

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
