namespace Portal.Cspm.Checks.Network;

public sealed class NicEffectiveSshFromInternet : NicEffectiveExposureCheck
{
    protected override int Port => 22;
    public override CheckMetadata Metadata { get; } = Meta("azure-nic-effective-ssh-internet", "VM network interface is reachable on SSH from the Internet (effective subnet + NIC NSG rules)", Severity.Critical, "Network",
        ResourceTypes.NetworkInterface,
        "For each NIC IP configuration with a public IP, evaluates the subnet NSG then the NIC NSG (first match by priority, both must allow; no NSG allows) for TCP 22 from an arbitrary Internet address.",
        "The VM behind this NIC accepts SSH connections from anyone on the Internet.",
        "Virtual machines > VM > Networking > Network settings: review the 'Effective security rules'; add a Deny rule for TCP 22 from Internet (or remove the Allow rule) in the subnet or NIC NSG, remove the public IP, and use Azure Bastion or Just-in-time VM access.",
        "az network nic list-effective-nsg -g <resource-group> -n <nic>; az network nsg rule create -g <resource-group> --nsg-name <nsg> -n deny-ssh-internet --priority 100 --direction Inbound --access Deny --protocol Tcp --source-address-prefixes Internet --destination-port-ranges 22",
        "7.2");
}
