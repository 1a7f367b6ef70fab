namespace Portal.Cspm.Checks.Defender;

/// <summary>Base for plan components that are pricing extensions (properties.extensions[name].isEnabled = True).</summary>
public abstract class DefenderExtensionCheck : SubscriptionCheck
{
    protected abstract string Plan { get; }
    protected abstract string Extension { get; }
    private CheckMetadata? _metadata;
    public sealed override CheckMetadata Metadata => _metadata ??= Build();
    protected abstract CheckMetadata Build();

    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var p = DefenderPlanCheck.Pricing(resources, sub, Plan);
        if (p is null || !p.Json.Str("properties.pricingTier").Is("Standard"))
            return Outcome.Fail($"pricings/{Plan}: pricingTier = {p?.Json.Str("properties.pricingTier") ?? "(absent)"} (the plan is off, so {Extension} is off)");
        var ext = p.Json.Arr("properties.extensions").FirstOrDefault(e => e.Str("name").Is(Extension));
        var on = ext.ValueKind == System.Text.Json.JsonValueKind.Object ? ext.Str("isEnabled") : null;
        return Outcome.When(on.Is("True"), $"pricings/{Plan}: extensions[{Extension}].isEnabled = {on ?? "(absent)"}");
    }

    protected string Portal => $"Microsoft Defender for Cloud > Environment settings > select the subscription > Defender plans > '{Plan}' Settings (Monitoring coverage) > turn '{Extension}' On > Continue > Save.";
    protected string Cli => $"az security pricing create -n {Plan} --tier Standard --extensions name={Extension} isEnabled=True";
}

public sealed class DefenderAgentlessVmScanning : DefenderExtensionCheck
{
    protected override string Plan => "VirtualMachines";
    protected override string Extension => "AgentlessVmScanning";
    protected override CheckMetadata Build() => Meta("azure-defender-agentless-vm-scanning", "Defender for Servers agentless scanning is off", Severity.Medium, "Defender", ResourceTypes.Pricing,
        "pricings/VirtualMachines must be Standard with extension AgentlessVmScanning enabled.",
        "Vulnerabilities, secrets and malware on VM disks are not found without an agent.", Portal, Cli, "3.1.3.4");
}

public sealed class DefenderFileIntegrityMonitoring : DefenderExtensionCheck
{
    protected override string Plan => "VirtualMachines";
    protected override string Extension => "FileIntegrityMonitoring";
    protected override CheckMetadata Build() => Meta("azure-defender-file-integrity-monitoring", "Defender for Servers file integrity monitoring is off", Severity.Medium, "Defender", ResourceTypes.Pricing,
        "pricings/VirtualMachines must be Standard (Plan 2) with extension FileIntegrityMonitoring enabled.",
        "Tampering with OS files, registry keys and binaries is not detected.", Portal, Cli, "3.1.3.5");
}

public sealed class DefenderAgentlessK8sDiscovery : DefenderExtensionCheck
{
    protected override string Plan => "Containers";
    protected override string Extension => "AgentlessDiscoveryForKubernetes";
    protected override CheckMetadata Build() => Meta("azure-defender-agentless-k8s-discovery", "Defender for Containers agentless Kubernetes discovery is off", Severity.Low, "Defender", ResourceTypes.Pricing,
        "pricings/Containers must be Standard with extension AgentlessDiscoveryForKubernetes enabled.",
        "Kubernetes clusters' posture and attack paths are not discovered.", Portal, Cli, "3.1.4.2");
}

public sealed class DefenderContainerVulnerabilityAssessment : DefenderExtensionCheck
{
    protected override string Plan => "Containers";
    protected override string Extension => "ContainerRegistriesVulnerabilityAssessments";
    protected override CheckMetadata Build() => Meta("azure-defender-container-vulnerability-assessment", "Defender for Containers agentless vulnerability assessment is off", Severity.Medium, "Defender", ResourceTypes.Pricing,
        "pricings/Containers must be Standard with extension ContainerRegistriesVulnerabilityAssessments enabled.",
        "Vulnerable container images are deployed without being flagged.", Portal, Cli, "3.1.4.3");
}

/// <summary>Base for Microsoft.Security/settings/{name} (DataExportSettings) with properties.enabled = true.</summary>
public abstract class SecuritySettingCheck : SubscriptionCheck
{
    protected abstract string Setting { get; }
    private CheckMetadata? _metadata;
    public sealed override CheckMetadata Metadata => _metadata ??= Build();
    protected abstract CheckMetadata Build();
    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var s = InSubscription(resources, ResourceTypes.SecuritySetting, sub).FirstOrDefault(x => x.Name.Is(Setting));
        if (s is null) return Outcome.Fail($"settings/{Setting} not in the synced configuration");
        return Outcome.When(s.Json.Bool("properties.enabled") == true, $"settings/{Setting}: " + s.Show("properties.enabled"));
    }
}

public sealed class DefenderEndpointProtectionIntegration : SecuritySettingCheck
{
    protected override string Setting => "WDATP";
    protected override CheckMetadata Build() => Meta("azure-defender-endpoint-integration", "Defender for Cloud integration with Microsoft Defender for Endpoint is off", Severity.High, "Defender",
        ResourceTypes.SecuritySetting,
        "Microsoft.Security/settings/WDATP must have properties.enabled = true so Defender for Endpoint is deployed to servers.",
        "Servers get no EDR even though Defender for Servers is paid for.",
        "Microsoft Defender for Cloud > Environment settings > select the subscription > Defender plans > Servers Settings > Endpoint protection = On > Continue > Save.",
        "az security setting update -n WDATP --enabled true",
        "3.1.3.3");
}

public sealed class DefenderCloudAppsIntegration : SecuritySettingCheck
{
    protected override string Setting => "MCAS";
    protected override CheckMetadata Build() => Meta("azure-defender-cloud-apps-integration", "Defender for Cloud integration with Defender for Cloud Apps is off", Severity.Medium, "Defender",
        ResourceTypes.SecuritySetting,
        "Microsoft.Security/settings/MCAS must have properties.enabled = true.",
        "Cloud-app (SaaS) signals are not correlated with Azure alerts.",
        "Microsoft Defender for Cloud > Environment settings > select the subscription > Integrations > tick 'Allow Microsoft Defender for Cloud Apps to access my data' > Save.",
        "az security setting update -n MCAS --enabled true",
        "3.1.1.2");
}

public sealed class DefenderAutoProvisioning : SubscriptionCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-defender-auto-provisioning", "Defender for Cloud auto provisioning of the monitoring agent is off", Severity.Low, "Defender",
        ResourceTypes.AutoProvisioning,
        "Microsoft.Security/autoProvisioningSettings/default must have properties.autoProvision = On.",
        "New VMs are not enrolled for monitoring and security data collection.",
        "Microsoft Defender for Cloud > Environment settings > select the subscription > Settings & monitoring > turn the monitoring agent/auto provisioning On > Continue > Save.",
        "az security auto-provisioning-setting update -n default --auto-provision On",
        "3.1.1.1");

    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var s = InSubscription(resources, ResourceTypes.AutoProvisioning, sub).FirstOrDefault(x => x.Name.Is("default"));
        return s is null ? Outcome.Fail("autoProvisioningSettings/default not in the synced configuration (Off by default)")
            : Outcome.When(s.Json.Str("properties.autoProvision").Is("On"), "autoProvisioningSettings/default: " + s.Show("properties.autoProvision"));
    }
}
