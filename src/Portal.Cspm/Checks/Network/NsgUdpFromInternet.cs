namespace Portal.Cspm.Checks.Network;

public sealed class NsgUdpFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Udp";
    protected override int[] Ports => Array.Empty<int>();
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-udp-internet", "NSG allows UDP from the Internet", Severity.High, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound security rules must not allow UDP (protocol Udp or Any) from any Internet address.",
        "Open UDP services (DNS, NTP, SNMP, CLDAP, SSDP) are abused for reflection/amplification DDoS attacks and expose services.",
        PortalFix("any UDP port"), CliFix("UDP"), "7.3");
}
