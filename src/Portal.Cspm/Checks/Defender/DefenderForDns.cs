namespace Portal.Cspm.Checks.Defender;

public sealed class DefenderForDns : SubscriptionCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-defender-dns", "[Legacy] Microsoft Defender for DNS is off", Severity.Low, "Defender",
        ResourceTypes.Pricing,
        "Microsoft.Security/pricings/Dns must be Standard, or Defender for Servers Plan 2 (pricings/VirtualMachines Standard, subPlan P2), which now includes DNS threat detection.",
        "DNS-based exfiltration and communication with malicious domains are not detected.",
        "Microsoft Defender for Cloud > Environment settings > select the subscription > Defender plans > Servers = On with Plan 2 (DNS protection is included).",
        "az security pricing create -n VirtualMachines --tier Standard --subplan P2",
        "3.1.16");
    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var dns = DefenderPlanCheck.Pricing(resources, sub, "Dns");
        var vm = DefenderPlanCheck.Pricing(resources, sub, "VirtualMachines");
        var dnsTier = dns?.Json.Str("properties.pricingTier");
        var vmP2 = vm is not null && vm.Json.Str("properties.pricingTier").Is("Standard") && vm.Json.Str("properties.subPlan").Is("P2");
        return Outcome.When(dnsTier.Is("Standard") || vmP2,
            $"pricings/Dns: pricingTier = {dnsTier ?? "(absent)"}; pricings/VirtualMachines: pricingTier = {vm?.Json.Str("properties.pricingTier") ?? "(absent)"}, subPlan = {vm?.Json.Str("properties.subPlan") ?? "(absent)"}");
    }
}
