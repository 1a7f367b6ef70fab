namespace Portal.Cspm.Checks.Compute;

public sealed class VmPublicIp : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-vm-public-ip", "Virtual machine has a public IP address", Severity.Medium, "Compute",
        ResourceTypes.VirtualMachine,
        "No network interface of the VM may have an IP configuration with a public IP address; publish services through a load balancer/Application Gateway and administer through Bastion.",
        "A public IP puts the VM directly on the Internet, one NSG mistake away from exposure of its management ports.",
        "Virtual machines > select the VM > Networking > select the NIC > IP configurations > select the configuration > Public IP address = Disassociate > Save.",
        "az network nic ip-config update -g <resource-group> --nic-name <nic> -n <ipconfig> --remove publicIpAddress",
        "7.7");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.NetworkInterface };

    protected override Outcome? Evaluate(ResourceConfig vm, IResourceSet resources)
    {
        var pips = new List<string>();
        var nics = vm.Json.Arr("properties.networkProfile.networkInterfaces").Select(n => n.Str("id")).OfType<string>().ToList();
        foreach (var nicId in nics)
            if (resources.Get(nicId) is { } nic)
                foreach (var ipc in nic.Json.Arr("properties.ipConfigurations"))
                    if (ipc.Str("properties.publicIPAddress.id") is { } pip)
                        pips.Add($"{nic.Name}/{ipc.Str("name")}: publicIPAddress = {pip[(pip.LastIndexOf('/') + 1)..]}");
        return pips.Count > 0 ? Outcome.Fail(string.Join("; ", pips)) : Outcome.Pass($"{nics.Count} network interface(s), no public IP");
    }
}
