namespace Portal.Cspm.Checks.Monitor;

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
