namespace Portal.Cspm.Checks.Network;

public sealed class LoadBalancerBasicSku : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-load-balancer-basic-sku", "Load balancer uses the retired Basic SKU", Severity.Low, "Network",
        ResourceTypes.LoadBalancer,
        "Load balancers must use the Standard SKU (sku.name); Basic has no metrics/diagnostics and was retired on 30 September 2025.",
        "Basic SKU load balancers cannot be monitored adequately and are open by default.",
        "Load balancers > select the load balancer > Overview > follow the upgrade guidance to Standard SKU.",
        "az network lb show -g <resource-group> -n <lb> --query sku   # upgrade with the Microsoft-provided PowerShell module AzureBasicLoadBalancerUpgrade",
        "6.5");

    protected override Outcome? Evaluate(ResourceConfig lb, IResourceSet resources)
    {
        var sku = lb.Json.Str("sku.name");
        return sku is null ? Outcome.Fail("sku.name = (absent, Basic by default)") : Outcome.When(!sku.Is("Basic"), $"sku.name = {sku}");
    }
}
