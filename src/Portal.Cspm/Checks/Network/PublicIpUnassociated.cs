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
