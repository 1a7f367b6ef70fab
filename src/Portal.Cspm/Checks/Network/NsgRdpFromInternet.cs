namespace Portal.Cspm.Checks.Network;

public sealed class NsgRdpFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => new[] { 3389 };
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-rdp-internet", "NSG allows RDP (TCP 3389) from the Internet", Severity.Critical, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound security rules must not allow TCP 3389 from any Internet address ('*', '0.0.0.0/0', 'Internet', 'Any').",
        "RDP exposed to the Internet is brute-forced within hours and is a common ransomware entry point.",
        PortalFix("3389"), CliFix("3389"), "7.1");
}
