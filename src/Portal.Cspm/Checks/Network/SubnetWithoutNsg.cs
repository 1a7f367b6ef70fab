namespace Portal.Cspm.Checks.Network;

public sealed class SubnetWithoutNsg : Check
{
    /// <summary>Subnets Azure reserves for platform services, where an NSG is not supported or not expected.</summary>
    public static readonly string[] ExemptSubnets = { "GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "RouteServerSubnet", "AzureBastionSubnet" };

    public override CheckMetadata Metadata { get; } = Meta("azure-network-subnet-nsg", "Subnet has no network security group", Severity.High, "Network",
        ResourceTypes.Subnet,
        "Every subnet of a virtual network (except GatewaySubnet, AzureFirewallSubnet, AzureFirewallManagementSubnet, RouteServerSubnet and AzureBastionSubnet) must have properties.networkSecurityGroup set.",
        "Without a subnet NSG, only NIC NSGs (if any) filter traffic: a VM whose NIC has no NSG accepts every port from everywhere its address is reachable, and new VMs start unprotected.",
        "Virtual networks > select the network > Settings > Subnets > select the subnet > Network security group = <nsg> > Save.",
        "az network vnet subnet update -g <resource-group> --vnet-name <vnet> -n <subnet> --network-security-group <nsg>");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.VirtualNetwork };

    public override IEnumerable<CheckResult> Evaluate(IResourceSet resources)
    {
        foreach (var vnet in resources.OfType(ResourceTypes.VirtualNetwork))
            foreach (var subnet in vnet.Json.Arr("properties.subnets"))
            {
                var name = subnet.Str("name") ?? "?";
                if (ExemptSubnets.Contains(name, StringComparer.OrdinalIgnoreCase)) continue;
                var id = subnet.Str("id") ?? $"{vnet.Id}/subnets/{name}";
                var nsg = subnet.Str("properties.networkSecurityGroup.id");
                yield return Result(id, nsg is null
                    ? Outcome.Fail($"subnet '{name}' of {vnet.Name}: properties.networkSecurityGroup = (absent)")
                    : Outcome.Pass($"subnet '{name}' of {vnet.Name}: properties.networkSecurityGroup = {nsg[(nsg.LastIndexOf('/') + 1)..]}"));
            }
    }
}
