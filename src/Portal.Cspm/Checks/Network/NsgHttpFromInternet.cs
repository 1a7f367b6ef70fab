namespace Portal.Cspm.Checks.Network;

public sealed class NsgHttpFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => new[] { 80, 443 };
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-http-internet", "NSG allows HTTP(S) (TCP 80/443) from the Internet", Severity.Medium, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound rules allowing TCP 80/443 from the Internet should be deliberate; publish web workloads through Application Gateway/WAF or Front Door instead of directly.",
        "Web servers directly reachable from the Internet bypass WAF protection and widen the attack surface.",
        PortalFix("80/443"), CliFix("80/443"), "7.4");
}
