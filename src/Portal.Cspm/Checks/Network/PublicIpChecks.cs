namespace Portal.Cspm.Checks.Network;

public sealed class PublicIpUnassociated : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-public-ip-unassociated", "Public IP address is not associated with any resource", Severity.Low, "Network",
        ResourceTypes.PublicIp,
        "Public IP addresses are reviewed: a public IP with no ipConfiguration and no NAT gateway is unused and should be deleted.",
        "Forgotten public IPs get re-attached to workloads without review, cost money and can be reused in subdomain-takeover style attacks.",
        "Public IP addresses > select the address > if 'Associated to' is empty and the address is not reserved for a purpose, Delete.",
        "az network public-ip delete -g <resource-group> -n <public-ip>",
        "7.7");

    protected override Outcome? Evaluate(ResourceConfig pip, IResourceSet resources)
    {
        var ipc = pip.Json.Str("properties.ipConfiguration.id");
        var nat = pip.Json.Str("properties.natGateway.id");
        return ipc is not null || nat is not null
            ? Outcome.Pass($"properties.ipConfiguration.id = {ipc ?? "(absent)"}, properties.natGateway.id = {nat ?? "(absent)"}")
            : Outcome.Fail($"properties.ipConfiguration = (absent), properties.natGateway = (absent): address {pip.Json.Str("properties.ipAddress") ?? "(unallocated)"} is unused");
    }
}

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

public sealed class BastionHostExists : SubscriptionCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-bastion-host-exists", "An Azure Bastion host exists", Severity.Low, "Network",
        ResourceTypes.BastionHost,
        "The subscription should have at least one Azure Bastion host (Microsoft.Network/bastionHosts) so VMs can be administered without public RDP/SSH.",
        "Without Bastion, administrators tend to open RDP/SSH to the Internet or attach public IPs to VMs.",
        "Bastions > Create: choose the virtual network (AzureBastionSubnet /26 or larger) and a Standard public IP.",
        "az network bastion create -g <resource-group> -n <bastion> --vnet-name <vnet> --public-ip-address <pip> -l <region>",
        "8.1");

    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var b = InSubscription(resources, ResourceTypes.BastionHost, sub).FirstOrDefault();
        return b is null ? Outcome.Fail("no Microsoft.Network/bastionHosts resource in the subscription") : Outcome.Pass($"bastion host '{b.Name}' ({b.Location})");
    }
}
