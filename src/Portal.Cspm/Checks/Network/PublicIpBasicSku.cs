namespace Portal.Cspm.Checks.Network;

public sealed class PublicIpBasicSku : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-public-ip-basic-sku", "Public IP address uses the retired Basic SKU", Severity.Low, "Network",
        ResourceTypes.PublicIp,
        "Public IP addresses must use the Standard SKU (sku.name); Basic has no SLA-backed monitoring/metrics and was retired on 30 September 2025.",
        "Basic SKU artifacts lack the metrics and diagnostics needed to monitor production workloads and are open by default.",
        "Public IP addresses > select the address > Overview > 'Upgrade to Standard SKU' (dissociate first if required).",
        "az network public-ip update -g <resource-group> -n <public-ip> --sku Standard",
        "6.5");

    protected override Outcome? Evaluate(ResourceConfig pip, IResourceSet resources)
    {
        var sku = pip.Json.Str("sku.name");
        return sku is null ? Outcome.Fail("sku.name = (absent, Basic by default)") : Outcome.When(!sku.Is("Basic"), $"sku.name = {sku}");
    }
}
