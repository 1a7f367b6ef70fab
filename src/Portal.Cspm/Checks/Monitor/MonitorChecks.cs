namespace Portal.Cspm.Checks.Monitor;

public sealed class SubscriptionDiagnosticSetting : SubscriptionCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-monitor-subscription-diagnostic-setting", "No diagnostic setting exports the subscription activity log", Severity.Medium, "Monitor",
        ResourceTypes.DiagnosticSetting,
        "The subscription must have a diagnostic setting (/subscriptions/{id}/providers/Microsoft.Insights/diagnosticSettings) with a destination (workspace, storage account or event hub).",
        "The activity log is kept for only 90 days and cannot be queried or alerted on centrally; control-plane attacks leave no lasting trail.",
        "Monitor > Activity log > Export Activity Logs > select the subscription > + Add diagnostic setting > tick the categories > send to a Log Analytics workspace > Save.",
        "az monitor diagnostic-settings subscription create -n activity-log --location <region> --workspace <workspace-id> --logs '[{\"category\":\"Administrative\",\"enabled\":true},{\"category\":\"Security\",\"enabled\":true},{\"category\":\"Policy\",\"enabled\":true},{\"category\":\"Alert\",\"enabled\":true}]'",
        "6.1.1");

    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var settings = DiagnosticSettings.For(ArmId.SubscriptionScope(sub), resources).ToList();
        var ok = settings.FirstOrDefault(DiagnosticSettings.HasDestination);
        return ok is not null ? Outcome.Pass($"diagnostic setting '{ok.Name}' exports the activity log")
            : Outcome.Fail(settings.Count == 0 ? "no subscription diagnostic setting" : $"diagnostic setting '{settings[0].Name}' has no destination");
    }
}

public sealed class SubscriptionDiagnosticCategories : SubscriptionCheck
{
    public static readonly string[] Required = { "Administrative", "Alert", "Policy", "Security" };

    public override CheckMetadata Metadata { get; } = Meta("azure-monitor-diagnostic-setting-categories", "Subscription diagnostic setting does not capture Administrative, Alert, Policy and Security", Severity.Medium, "Monitor",
        ResourceTypes.DiagnosticSetting,
        "A subscription diagnostic setting with a destination must enable the Administrative, Alert, Policy and Security categories.",
        "Missing categories leave control-plane changes, policy denials or Defender alerts out of the exported audit trail.",
        "Monitor > Activity log > Export Activity Logs > edit the diagnostic setting > tick Administrative, Alert, Policy and Security > Save.",
        "az monitor diagnostic-settings subscription create -n activity-log --location <region> --workspace <workspace-id> --logs '[{\"category\":\"Administrative\",\"enabled\":true},{\"category\":\"Alert\",\"enabled\":true},{\"category\":\"Policy\",\"enabled\":true},{\"category\":\"Security\",\"enabled\":true}]'",
        "6.1.2");

    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var settings = DiagnosticSettings.For(ArmId.SubscriptionScope(sub), resources).Where(DiagnosticSettings.HasDestination).ToList();
        if (settings.Count == 0) return Outcome.Fail("no subscription diagnostic setting with a destination");
        foreach (var s in settings)
            if (Required.All(c => DiagnosticSettings.LogEnabled(s, c, "allLogs")))
                return Outcome.Pass($"diagnostic setting '{s.Name}' enables {string.Join(", ", DiagnosticSettings.EnabledLogs(s))}");
        var missing = Required.Where(c => !DiagnosticSettings.LogEnabled(settings[0], c, "allLogs"));
        return Outcome.Fail($"diagnostic setting '{settings[0].Name}' does not enable {string.Join(", ", missing)}");
    }
}

public sealed class ApplicationInsightsConfigured : SubscriptionCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-monitor-application-insights", "No Application Insights resource is configured", Severity.Low, "Monitor",
        ResourceTypes.AppInsights,
        "The subscription should contain at least one Application Insights component (Microsoft.Insights/components) for application telemetry.",
        "Without application telemetry, attacks at the application layer (abnormal requests, failures, dependency calls) are invisible.",
        "Application Insights > + Create > choose the resource group, region and a Log Analytics workspace > Review + create; then connect the apps.",
        "az monitor app-insights component create -g <resource-group> -a <name> -l <region> --workspace <workspace-id>",
        "6.3.1");

    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var c = InSubscription(resources, ResourceTypes.AppInsights, sub).FirstOrDefault();
        return c is null ? Outcome.Fail("no Microsoft.Insights/components resource in the subscription") : Outcome.Pass($"Application Insights component '{c.Name}'");
    }
}

public sealed class ResourceLoggingEnabled : Check
{
    /// <summary>Resource types that emit resource logs and are expected to have a diagnostic setting.</summary>
    public static readonly string[] LoggableTypes =
    {
        ResourceTypes.KeyVault, ResourceTypes.NetworkSecurityGroup, ResourceTypes.WebSite, ResourceTypes.SqlDatabase,
        ResourceTypes.PostgresFlexible, ResourceTypes.MySqlFlexible, ResourceTypes.CosmosAccount,
        "Microsoft.ContainerService/managedClusters", "Microsoft.Network/applicationGateways", "Microsoft.Network/azureFirewalls",
        "Microsoft.Network/frontDoors", "Microsoft.Cdn/profiles", "Microsoft.EventHub/namespaces", "Microsoft.ServiceBus/namespaces",
        "Microsoft.Logic/workflows", "Microsoft.DataFactory/factories", "Microsoft.Search/searchServices", "Microsoft.RecoveryServices/vaults",
        "Microsoft.ContainerRegistry/registries", "Microsoft.ApiManagement/service", "Microsoft.Batch/batchAccounts",
    };

    public override CheckMetadata Metadata { get; } = Meta("azure-monitor-resource-logging", "Resource logs are not collected for a resource that supports them", Severity.Medium, "Monitor",
        ResourceTypes.DiagnosticSetting,
        "Each resource of a type that emits resource logs (key vaults, NSGs, web apps, SQL databases, PostgreSQL/MySQL flexible servers, Cosmos DB, AKS, Application Gateway, Azure Firewall, Front Door/CDN, Event Hub, Service Bus, Logic Apps, Data Factory, Search, Recovery Services, ACR, API Management, Batch) must have a diagnostic setting with a destination and at least one enabled log category.",
        "Without resource logs, data-plane activity (who read what, which requests were blocked) cannot be investigated.",
        "Open the resource > Monitoring > Diagnostic settings > + Add diagnostic setting > tick 'allLogs' (or 'audit') > send to a Log Analytics workspace > Save.",
        "az monitor diagnostic-settings create -n resource-logs --resource <resource-id> --workspace <workspace-id> --logs '[{\"categoryGroup\":\"allLogs\",\"enabled\":true}]'",
        "6.4");
    public override IReadOnlyList<string> Reads => LoggableTypes;

    public override IEnumerable<CheckResult> Evaluate(IResourceSet resources)
    {
        foreach (var type in LoggableTypes)
            foreach (var r in resources.OfType(type))
            {
                if (type == ResourceTypes.SqlDatabase && r.Name.Is("master")) continue;
                var settings = DiagnosticSettings.For(r.Id, resources).Where(DiagnosticSettings.HasDestination).ToList();
                var ok = settings.FirstOrDefault(s => DiagnosticSettings.EnabledLogs(s).Any());
                yield return Result(r.Id, ok is not null
                    ? Outcome.Pass($"diagnostic setting '{ok.Name}' logs {string.Join(", ", DiagnosticSettings.EnabledLogs(ok).Take(5))}")
                    : Outcome.Fail(settings.Count == 0 ? "no diagnostic setting with a destination" : $"diagnostic setting '{settings[0].Name}' enables no log category"));
            }
    }
}
