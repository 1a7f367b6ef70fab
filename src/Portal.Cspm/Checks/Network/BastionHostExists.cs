namespace Portal.Cspm.Checks.Network;

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
