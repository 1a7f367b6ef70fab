namespace Portal.Cspm.Checks.Network;

public sealed class NsgSshFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => new[] { 22 };
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-ssh-internet", "NSG allows SSH (TCP 22) from the Internet", Severity.Critical, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound security rules must not allow TCP 22 from any Internet address.",
        "SSH exposed to the Internet invites credential stuffing and exploitation of SSH daemon vulnerabilities.",
        PortalFix("22"), CliFix("22"), "7.2");
}
