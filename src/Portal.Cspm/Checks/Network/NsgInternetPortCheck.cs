namespace Portal.Cspm.Checks.Network;

/// <summary>Base for "an NSG lets the Internet reach port X": per NSG, the inbound Allow rules from any Internet source
/// ("*", "0.0.0.0/0", "Internet", "Any") that cover the port and are not shadowed by a higher-priority deny-all of that traffic.</summary>
public abstract class NsgInternetPortCheck : ResourceCheck
{
    protected abstract string Protocol { get; }
    /// <summary>Ports to test; empty means "any port of <see cref="Protocol"/>".</summary>
    protected abstract int[] Ports { get; }

    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.SecurityRule };

    protected override Outcome? Evaluate(ResourceConfig nsg, IResourceSet resources)
    {
        var rules = NsgRules.Of(nsg, resources);
        var open = (Ports.Length == 0 ? NsgRules.OpenToInternet(rules, Protocol, null)
                : Ports.SelectMany(p => NsgRules.OpenToInternet(rules, Protocol, p)))
            .Where(Include).DistinctBy(r => r.Name).ToList();
        var what = $"{Protocol} {(Ports.Length == 0 ? "any port" : string.Join("/", Ports))}";
        return open.Count == 0
            ? Outcome.Pass($"no inbound Allow rule lets the Internet reach {what}")
            : Outcome.Fail($"{what} open to the Internet: " + string.Join("; ", open.Take(5).Select(r => r.Describe())));
    }

    protected virtual bool Include(NsgRule rule) => true;

    protected static string PortalFix(string what) =>
        $"Network security groups > select the NSG > Inbound security rules: delete or edit each Allow rule whose Source is Any/Internet/0.0.0.0/0 and whose destination port covers {what}; restrict the source to known address ranges or use Azure Bastion / Just-in-time access.";

    protected static string CliFix(string port) =>
        $"az network nsg rule update -g <resource-group> --nsg-name <nsg> -n <rule> --source-address-prefixes <trusted-cidr>   # or: az network nsg rule delete -g <resource-group> --nsg-name <nsg> -n <rule>   (rule opening {port})";
}
