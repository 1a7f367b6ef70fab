namespace Portal.Cspm.Checks.Network;

public sealed class NsgFtpTelnetFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => new[] { 20, 21, 23 };
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-ftp-telnet-internet", "NSG allows FTP or Telnet (TCP 20/21/23) from the Internet", Severity.High, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "Inbound security rules must not allow clear-text FTP or Telnet from any Internet address.",
        "FTP and Telnet send credentials in clear text and are frequent brute-force targets.",
        PortalFix("20/21/23"), CliFix("20/21/23"));
}
