using System.Text.Json;

namespace Portal.Cspm.Checks.Monitor;

/// <summary>Base for CIS 6.2.x: an enabled activity log alert scoped to the whole subscription whose condition matches the
/// operation name (category Administrative or unspecified, not narrowed to one resource or resource group) and that notifies
/// at least one action group. Reported once per subscription; Failed when no alert matches.</summary>
public abstract class ActivityLogAlertCheck : SubscriptionCheck
{
    public abstract string OperationName { get; }
    private CheckMetadata? _metadata;
    public sealed override CheckMetadata Metadata => _metadata ??= Build();
    protected abstract CheckMetadata Build();

    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var scope = ArmId.SubscriptionScope(sub);
        string? silent = null;
        foreach (var alert in resources.OfType(ResourceTypes.ActivityLogAlert))
        {
            if (alert.Json.Bool("properties.enabled") == false) continue;
            if (!alert.Json.Strs("properties.scopes").Any(s => ("/" + s.Trim('/')).Is(scope))) continue;
            if (!Matches(alert.Json)) continue;
            if (!alert.Json.Arr("properties.actions.actionGroups").Any()) { silent = alert.Name; continue; }
            return Outcome.Pass($"activity log alert '{alert.Name}' on operationName = {OperationName}");
        }
        return Outcome.Fail(silent is not null
            ? $"activity log alert '{silent}' matches {OperationName} but has no action group"
            : $"no enabled subscription-wide activity log alert with operationName = {OperationName}");
    }

    private bool Matches(JsonElement alert)
    {
        var conditions = alert.Arr("properties.condition.allOf").ToList();
        var op = false;
        foreach (var c in conditions)
        {
            var field = c.Str("field");
            if (field.Is("operationName")) op |= Equals(c);
            else if (field.Is("category") && !c.Str("equals").Is("Administrative")) return false;
            else if (field.Is("resourceId") || field.Is("resourceGroup")) return false;
            else if (field is null && c.At("anyOf") is not null)
                op |= c.Arr("anyOf").Any(a => a.Str("field").Is("operationName") && Equals(a));
        }
        return op;
    }

    private bool Equals(JsonElement c) =>
        c.Str("equals").Is(OperationName) || c.Strs("containsAny").Any(x => x.Is(OperationName));

    protected string Portal => $"Monitor > Alerts > + Create > Alert rule > Scope = the subscription > Condition: signal 'Activity log' / operation '{OperationName}' > Actions: select an action group > Create.";
    protected string Cli => $"az monitor activity-log alert create -g <resource-group> -n <alert-name> --scope /subscriptions/<subscription-id> --condition category=Administrative and operationName={OperationName} --action-group <action-group-id>";
}
