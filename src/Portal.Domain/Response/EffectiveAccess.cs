using Portal.Domain.Cloud;

namespace Portal.Domain.Response;

public enum TrafficDirection { Inbound, Outbound }

public enum AccessLevel { Denied, Partial, Allowed }

/// <summary>The other end of the traffic: an address range or a service tag (Internet = any Internet address, VirtualNetwork).</summary>
public sealed record AccessPeer(string Label, string Value);

/// <summary>What one peer may do with one NIC in one direction, with the rule that decided it in each NSG.</summary>
/// <param name="Detail">"all traffic", "nothing", or the protocols and ports allowed ("Tcp 80,443").</param>
public sealed record AccessVerdict(AccessPeer Peer, TrafficDirection Direction, AccessLevel Access, string Detail, IReadOnlyList<string> DecidedBy);

/// <summary>The effective access of one NIC (its subnet NSG and its own NSG together).</summary>
public sealed record NicAccess(string NicId, string? SubnetNsgId, string? NicNsgId, IReadOnlyList<AccessVerdict> Verdicts)
{
    public AccessVerdict? Find(TrafficDirection direction, string peerValue) =>
        Verdicts.FirstOrDefault(v => v.Direction == direction && string.Equals(v.Peer.Value, peerValue, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Azure's NSG evaluation, as plain code: per NSG the rules of a direction are tried by priority and the first match
/// decides; inbound traffic must pass the subnet NSG and then the NIC NSG, outbound the NIC NSG and then the subnet NSG,
/// so a flow passes only when both allow it (a missing NSG allows everything). Evaluated per protocol over port ranges.
/// Service tags other than Internet, VirtualNetwork and AzureLoadBalancer are not resolved (they match only '*'-peers);
/// VirtualNetwork is approximated by the private address ranges.
/// </summary>
public static class NsgEvaluator
{
    private static readonly string[] Protocols = ["Tcp", "Udp", "Icmp"];

    public static IReadOnlyList<NsgRuleInfo> AzureDefaultRules { get; } =
    [
        Default("AllowVnetInBound", 65000, "Inbound", "Allow", "VirtualNetwork", "VirtualNetwork"),
        Default("AllowAzureLoadBalancerInBound", 65001, "Inbound", "Allow", "AzureLoadBalancer", "*"),
        Default("DenyAllInBound", 65500, "Inbound", "Deny", "*", "*"),
        Default("AllowVnetOutBound", 65000, "Outbound", "Allow", "VirtualNetwork", "VirtualNetwork"),
        Default("AllowInternetOutBound", 65001, "Outbound", "Allow", "*", "Internet"),
        Default("DenyAllOutBound", 65500, "Outbound", "Deny", "*", "*"),
    ];

    /// <summary>The peers a VM's access is shown for: any Internet address, the virtual network, and any extra ones.</summary>
    public static IReadOnlyList<AccessPeer> StandardPeers(IEnumerable<AccessPeer>? extra = null) =>
        [new("Internet (any address)", "Internet"), new("Virtual network", "VirtualNetwork"), .. extra ?? []];

    /// <summary>Effective access of one NIC for each peer, both directions.</summary>
    public static NicAccess Evaluate(VmNicInfo nic, NsgInfo? subnetNsg, NsgInfo? nicNsg, IReadOnlyList<AccessPeer> peers)
    {
        var verdicts = new List<AccessVerdict>();
        foreach (var direction in new[] { TrafficDirection.Inbound, TrafficDirection.Outbound })
            foreach (var peer in peers)
            {
                var ordered = direction == TrafficDirection.Inbound ? new[] { subnetNsg, nicNsg } : new[] { nicNsg, subnetNsg };
                var allowed = Protocols.ToDictionary(p => p, _ => PortSet.All);
                var decidedBy = new List<string>();
                foreach (var nsg in ordered.OfType<NsgInfo>())
                {
                    var (nsgAllowed, rules) = EvaluateNsg(nsg, direction, peer.Value, nic.PrivateIps);
                    foreach (var p in Protocols) allowed[p] = allowed[p].Intersect(nsgAllowed[p]);
                    decidedBy.AddRange(rules.Select(r => $"{nsg.Name}/{r}"));
                }
                verdicts.Add(Verdict(peer, direction, allowed, decidedBy));
            }
        return new NicAccess(nic.Id, subnetNsg?.Id, nicNsg?.Id, verdicts);
    }

    /// <summary>What one NSG allows per protocol for traffic between the peer and the NIC, and the rules that matched first.</summary>
    public static (Dictionary<string, PortSet> Allowed, IReadOnlyList<string> DecidingRules) EvaluateNsg(NsgInfo nsg, TrafficDirection direction, string peer, IReadOnlyList<string> nicIps)
    {
        var dir = direction.ToString();
        var rules = RulesOf(nsg).Where(r => r.Direction.Equals(dir, StringComparison.OrdinalIgnoreCase)).OrderBy(r => r.Priority);
        var undecided = Protocols.ToDictionary(p => p, _ => PortSet.All);
        var allowed = Protocols.ToDictionary(p => p, _ => PortSet.None);
        var deciding = new List<string>();
        foreach (var rule in rules)
        {
            var (peerPrefixes, localPrefixes) = direction == TrafficDirection.Inbound
                ? (rule.SourceAddressPrefixes, rule.DestinationAddressPrefixes)
                : (rule.DestinationAddressPrefixes, rule.SourceAddressPrefixes);
            if (!peerPrefixes.Any(p => PeerMatches(p, peer)) || !LocalMatches(localPrefixes, nicIps)) continue;
            var ports = PortSet.Of(rule.DestinationPortRanges);
            var matchedAny = false;
            foreach (var protocol in Protocols)
            {
                if (!(rule.Protocol is "*" || rule.Protocol.Equals("Any", StringComparison.OrdinalIgnoreCase) || rule.Protocol.Equals(protocol, StringComparison.OrdinalIgnoreCase))) continue;
                // ICMP has no ports: a rule for it covers all of it.
                var hit = undecided[protocol].Intersect(protocol == "Icmp" ? PortSet.All : ports);
                if (hit.IsEmpty) continue;
                matchedAny = true;
                if (rule.Access.Equals("Allow", StringComparison.OrdinalIgnoreCase)) allowed[protocol] = allowed[protocol].Union(hit);
                undecided[protocol] = undecided[protocol].Except(hit);
            }
            if (matchedAny) deciding.Add($"{rule.Name} ({rule.Priority} {rule.Access})");
            if (undecided.Values.All(s => s.IsEmpty)) break;
        }
        return (allowed, deciding);
    }

    /// <summary>The NSG's custom rules plus its default rules (Azure's standard ones when the read did not include them).</summary>
    public static IEnumerable<NsgRuleInfo> RulesOf(NsgInfo nsg)
    {
        var defaults = nsg.DefaultRules.Count > 0 ? nsg.DefaultRules : AzureDefaultRules;
        return nsg.Rules.Concat(defaults);
    }

    /// <summary>True when a rule prefix covers the whole peer (an address range or a service tag).</summary>
    public static bool PeerMatches(string rulePrefix, string peer)
    {
        var r = rulePrefix.Trim();
        if (r is "*" || r.Equals("Any", StringComparison.OrdinalIgnoreCase)) return true;
        if (peer.Equals("Internet", StringComparison.OrdinalIgnoreCase))
            return r.Equals("Internet", StringComparison.OrdinalIgnoreCase) || r is "0.0.0.0/0";
        if (peer.Equals("VirtualNetwork", StringComparison.OrdinalIgnoreCase))
            return r.Equals("VirtualNetwork", StringComparison.OrdinalIgnoreCase);
        if (AddressPrefix.TryParse(peer) is not { } p) return string.Equals(r, peer, StringComparison.OrdinalIgnoreCase);
        if (r.Equals("Internet", StringComparison.OrdinalIgnoreCase)) return !p.IsPrivate;
        if (r.Equals("VirtualNetwork", StringComparison.OrdinalIgnoreCase)) return p.IsPrivate;
        if (r.Equals("AzureLoadBalancer", StringComparison.OrdinalIgnoreCase)) return p.ToString() == "168.63.129.16";
        return AddressPrefix.TryParse(r) is { } rp && rp.Contains(p);
    }

    private static bool LocalMatches(IReadOnlyList<string> prefixes, IReadOnlyList<string> nicIps)
    {
        // Rules aimed only at application security groups are not resolved here: they do not match.
        if (prefixes.Count == 0) return false;
        if (nicIps.Count == 0) return prefixes.Any(p => p is "*" || p.Equals("Any", StringComparison.OrdinalIgnoreCase) || p.Equals("VirtualNetwork", StringComparison.OrdinalIgnoreCase));
        return nicIps.Any(ip => prefixes.Any(p => PeerMatches(p, ip)));
    }

    private static AccessVerdict Verdict(AccessPeer peer, TrafficDirection direction, Dictionary<string, PortSet> allowed, List<string> decidedBy)
    {
        if (allowed.Values.All(s => s.IsEmpty)) return new(peer, direction, AccessLevel.Denied, "nothing", decidedBy);
        if (allowed.Values.All(s => s.IsAll)) return new(peer, direction, AccessLevel.Allowed, "all traffic", decidedBy);
        var parts = allowed.Where(kv => !kv.Value.IsEmpty).Select(kv => kv.Key == "Icmp" ? "Icmp" : $"{kv.Key} {kv.Value}");
        return new(peer, direction, AccessLevel.Partial, string.Join("; ", parts), decidedBy);
    }

    private static NsgRuleInfo Default(string name, int priority, string direction, string access, string source, string destination) =>
        new(name, priority, direction, access, "*", [source], ["*"], [destination], ["*"], IsDefault: true);
}
