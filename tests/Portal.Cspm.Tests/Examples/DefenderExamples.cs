using System.Text.Json.Nodes;
using Portal.Cspm.Checks.Defender;
using static Portal.Cspm.Tests.Arm;

namespace Portal.Cspm.Tests;

public static partial class Examples
{
    /// <summary>All pricings of ListPricings_example.json, moved into one subscription (the example mixes two).</summary>
    public static List<JsonNode> Pricings() => Body("security/ListPricings_example.json")["value"]!.AsArray()
        .Select(p => p!.DeepClone().With("id", SubScope + "/providers/Microsoft.Security/pricings/" + (string)p!["name"]!)).ToList();

    public static List<JsonNode> PricingsWith(string plan, Action<JsonNode> edit)
    {
        var list = Pricings();
        var p = list.FirstOrDefault(x => (string)x["name"]! == plan);
        if (p is null)
        {
            p = Parse($$$"""{"id":"{{{SubScope}}}/providers/Microsoft.Security/pricings/{{{plan}}}","name":"{{{plan}}}","type":"Microsoft.Security/pricings","properties":{"pricingTier":"Free"}}""");
            list.Add(p);
        }
        edit(p);
        return list;
    }

    public static JsonNode SecurityResource(string type, string name, string propertiesJson) => Parse($$$"""
        {"id":"{{{SubScope}}}/providers/{{{type}}}/{{{name}}}","name":"{{{name}}}","type":"{{{type}}}","properties":{{{propertiesJson}}}}
        """);

    private static IEnumerable<Example> Defender()
    {
        foreach (var check in CheckCatalog.All.OfType<DefenderPlanCheck>())
        {
            var plan = check.Plan;
            yield return Ex(check.Metadata.Id, SubScope,
                () => Set(PricingsWith(plan, p => p.With("properties.pricingTier", "Standard"))),
                () => Set(PricingsWith(plan, p => p.With("properties.pricingTier", "Free"))), $"pricings/{plan}");
        }
        yield return Ex("azure-defender-dns", SubScope,
            () => Set(PricingsWith("Dns", p => p.With("properties.pricingTier", "Free"))), // covered by VirtualMachines P2 in the example
            () => Set(PricingsWith("Dns", p => p.With("properties.pricingTier", "Free")).Select(p => (string)p["name"]! == "VirtualMachines" ? p.With("properties.subPlan", "P1") : p)));

        static JsonNode Ext(string name, string enabled) => Parse($$$"""{"name":"{{{name}}}","isEnabled":"{{{enabled}}}"}""");
        foreach (var (id, plan, ext) in new[]
                 {
                     ("azure-defender-agentless-vm-scanning", "VirtualMachines", "AgentlessVmScanning"),
                     ("azure-defender-file-integrity-monitoring", "VirtualMachines", "FileIntegrityMonitoring"),
                     ("azure-defender-agentless-k8s-discovery", "Containers", "AgentlessDiscoveryForKubernetes"),
                     ("azure-defender-container-vulnerability-assessment", "Containers", "ContainerRegistriesVulnerabilityAssessments"),
                 })
            yield return Ex(id, SubScope,
                () => Set(PricingsWith(plan, p => p.With("properties.extensions", Array(Ext(ext, "True"))))),
                () => Set(PricingsWith(plan, p => p.With("properties.extensions", Array(Ext(ext, "False"))))), ext);

        const string settings = "Microsoft.Security/settings";
        yield return Ex("azure-defender-endpoint-integration", SubScope,
            () => Set(Subscription(), SecurityResource(settings, "WDATP", """{"enabled":true}""").With("kind", "DataExportSettings")),
            () => Set(Subscription(), SecurityResource(settings, "WDATP", """{"enabled":false}""").With("kind", "DataExportSettings")));
        yield return Ex("azure-defender-cloud-apps-integration", SubScope,
            () => Set(Subscription(), SecurityResource(settings, "MCAS", """{"enabled":true}""")), () => Set(Subscription()), "not in the synced configuration");
        yield return Ex("azure-defender-auto-provisioning", SubScope,
            () => Set(Subscription(), SecurityResource("Microsoft.Security/autoProvisioningSettings", "default", """{"autoProvision":"On"}""")),
            () => Set(Subscription(), SecurityResource("Microsoft.Security/autoProvisioningSettings", "default", """{"autoProvision":"Off"}""")));
        yield return Ex("azure-defender-vulnerability-assessment", SubScope,
            () => Set(Pricings().Append(SecurityResource("Microsoft.Security/serverVulnerabilityAssessmentsSettings", "AzureServersSetting", """{"selectedProvider":"MdeTvm"}""").With("kind", "AzureServersSetting"))),
            () => Set(Pricings()));

        const string contacts = "Microsoft.Security/securityContacts";
        // 2023-12-01-preview shape
        var good = SecurityResource(contacts, "default", """{"isEnabled":true,"emails":"secops@contoso.com","phone":"","notificationsByRole":{"state":"On","roles":["Owner"]},"notificationsSources":[{"sourceType":"Alert","minimalSeverity":"High"},{"sourceType":"AttackPath","minimalRiskLevel":"Critical"}]}""");
        // 2020-01-01-preview shape
        var bad = SecurityResource(contacts, "default", """{"emails":"","notificationsByRole":{"state":"Off","roles":[]},"alertNotifications":{"state":"Off","minimalSeverity":"High"}}""");
        yield return Ex("azure-defender-notify-owners", SubScope, () => Set(Subscription(), good), () => Set(Subscription(), bad), "Off");
        yield return Ex("azure-defender-security-contact-email", SubScope, () => Set(Subscription(), good), () => Set(Subscription(), bad));
        yield return Ex("azure-defender-alert-severity-notifications", SubScope, () => Set(Subscription(), good), () => Set(Subscription(), bad), "alertNotifications.state = Off");
    }
}
