namespace Portal.Cspm.Checks.Network;

public sealed class NicEffectiveRdpFromInternet : NicEffectiveExposureCheck
{
    protected override int Port => 3389;
    public override CheckMetadata Metadata { get; } = Meta("azure-nic-effective-rdp-internet", "VM network interface is reachable on RDP from the Internet (effective subnet + NIC NSG rules)", Severity.Critical, "Network",
        ResourceTypes.NetworkInterface,
        "For each NIC IP configuration with a public IP, evaluates the subnet NSG then the NIC NSG (first match by priority, both must allow; no NSG allows) for TCP 3389 from an arbitrary Internet address.",
        "The VM behind this NIC accepts RDP connections from anyone on the Internet.",
        "Virtual machines > VM > Networking > Network settings: review the 'Effective security rules'; add a Deny rule for TCP 3389 from Internet (or remove the Allow rule) in the subnet or NIC NSG, remove the public IP, and use Azure Bastion or Just-in-time VM access.",
        "az network nic list-effective-nsg -g <resource-group> -n <nic>; az network nsg rule create -g <resource-group> --nsg-name <nsg> -n deny-rdp-internet --priority 100 --direction Inbound --access Deny --protocol Tcp --source-address-prefixes Internet --destination-port-ranges 3389",
        "7.1");
}
