namespace Portal.Cspm.Checks.Network;

/// <summary>Base for effective-flow checks: a NIC with a public IP whose subnet NSG and NIC NSG both let the Internet reach the port.</summary>
public abstract class NicEffectiveExposureCheck : ResourceCheck
{
    protected abstract int Port { get; }
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.NetworkSecurityGroup, ResourceTypes.SecurityRule, ResourceTypes.VirtualNetwork, ResourceTypes.Subnet };

    protected override Outcome? Evaluate(ResourceConfig nic, IResourceSet resources)
    {
        var exposures = EffectiveRules.Inbound(nic, resources, "Tcp", Port).ToList();
        if (exposures.Count == 0) return Outcome.Pass("no IP configuration has a public IP address");
        var open = exposures.Where(e => e.Allowed).ToList();
        return open.Count > 0 ? Outcome.Fail(string.Join(" | ", open.Select(e => e.Evidence))) : Outcome.Pass(string.Join(" | ", exposures.Select(e => e.Evidence)));
    }
}
