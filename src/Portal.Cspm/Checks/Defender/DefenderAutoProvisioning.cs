namespace Portal.Cspm.Checks.Defender;

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
