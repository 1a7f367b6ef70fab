namespace Portal.Cspm.Checks.Network;

public sealed class NsgAnyPortFromInternet : NsgInternetPortCheck
{
    protected override string Protocol => "Tcp";
    protected override int[] Ports => Array.Empty<int>();
    protected override bool Include(NsgRule rule) => rule.CoversAllPorts;
    public override CheckMetadata Metadata { get; } = Meta("azure-nsg-any-port-internet", "NSG allows all ports from the Internet", Severity.Critical, "Network",
        ResourceTypes.NetworkSecurityGroup,
        "No inbound Allow rule may open every destination port ('*' or 0-65535) to any Internet address.",
        "An allow-all rule removes the NSG as a control: every listening service on the protected VMs is reachable from the Internet.",
        PortalFix("all ports ('*')"), CliFix("*"), "7.1", "7.2", "7.3", "7.4");
}
