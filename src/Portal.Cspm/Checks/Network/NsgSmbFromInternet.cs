namespace Portal.Cspm.Checks.Network;

public sealed class NsgSmbFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => new[] { 445, 139 };
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-smb-internet", "NSG allows SMB/NetBIOS (TCP 445/139) from the Internet", Severity.High, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound security rules must not allow TCP 445 or 139 from any Internet address.",
        "SMB from the Internet exposes file shares and wormable vulnerabilities (e.g. EternalBlue).",
        PortalFix("445/139"), CliFix("445"));
}
