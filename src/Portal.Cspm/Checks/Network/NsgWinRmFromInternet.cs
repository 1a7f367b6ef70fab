namespace Portal.Cspm.Checks.Network;

public sealed class NsgWinRmFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => new[] { 5985, 5986 };
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-winrm-internet", "NSG allows WinRM (TCP 5985/5986) from the Internet", Severity.High, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound security rules must not allow Windows Remote Management from any Internet address.",
        "WinRM gives remote command execution; exposed, it is brute-forced like RDP.",
        PortalFix("5985/5986"), CliFix("5985/5986"));
}
