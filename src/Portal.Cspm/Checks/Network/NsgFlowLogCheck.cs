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
