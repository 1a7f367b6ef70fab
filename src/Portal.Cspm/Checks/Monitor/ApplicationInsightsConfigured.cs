namespace Portal.Cspm.Checks.Monitor;

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
