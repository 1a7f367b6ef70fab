using System.Text.Json.Nodes;
using Portal.Cspm.Checks.Monitor;
using static Portal.Cspm.Tests.Arm;

namespace Portal.Cspm.Tests;

public static partial class Examples
{
    public const string AlertSubScope = "/subscriptions/187f412d-1758-44d9-b052-169e2564721d";

    /// <summary>SampleActivityLogAlertRule1 of ActivityLogAlertRule_ListBySubscriptionId.json (subscription scope,
    /// category Administrative + level Error, no operationName), optionally watching one operation.</summary>
    public static JsonNode Alert(string? operationName = null)
    {
        var a = Item("monitor/ActivityLogAlertRule_ListBySubscriptionId.json");
        if (operationName is not null)
            a.With("properties.condition.allOf", Parse($$$"""[{"field":"category","equals":"Administrative"},{"field":"operationName","equals":"{{{operationName}}}"}]"""));
        return a;
    }

    /// <summary>GetSubscription.json moved to the test subscription id.</summary>
    public static JsonNode Subscription() => Body("resources/GetSubscription.json").With("id", SubScope).With("subscriptionId", Sub);

    private static IEnumerable<Example> Monitor()
    {
        foreach (var check in CheckCatalog.All.OfType<ActivityLogAlertCheck>())
        {
            var op = check.OperationName;
            yield return Ex(check.Metadata.Id, AlertSubScope, () => Set(Alert(op)), () => Set(Alert()), op);
        }
        yield return Ex("azure-monitor-subscription-diagnostic-setting", SubScope,
            () => Set(Subscription(), Diag(SubScope, "activity-to-law", "Administrative")), () => Set(Subscription()), "no subscription diagnostic setting");
        yield return Ex("azure-monitor-diagnostic-setting-categories", SubScope,
            () => Set(Subscription(), Diag(SubScope, "activity-to-law", "Administrative", "Alert", "Policy", "Security", "ServiceHealth")),
            () => Set(Subscription(), Diag(SubScope, "activity-to-law", "Administrative", "Security")), "Alert, Policy");
        var ai = Parse($$$"""{"id":"{{{Rg}}}/providers/Microsoft.Insights/components/app-ai","name":"app-ai","type":"Microsoft.Insights/components","location":"westus","kind":"web","properties":{"Application_Type":"web","WorkspaceResourceId":"{{{Rg}}}/providers/Microsoft.OperationalInsights/workspaces/law"}}""");
        yield return Ex("azure-monitor-application-insights", SubScope, () => Set(Subscription(), ai), () => Set(Subscription()));
        yield return Ex("azure-monitor-resource-logging", VaultId, () => Set(Vault(), Diag(VaultId, "all", "group:allLogs")), () => Set(Vault()), "no diagnostic setting");
    }
}
