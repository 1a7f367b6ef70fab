using System.Net;
using System.Text.Json;

namespace Portal.Cspm;

public enum NsgDirection { Inbound, Outbound }

/// <summary>One NSG security rule (custom or default), normalised from ARM.</summary>
public sealed record NsgRule(string Name, int Priority, bool Allow, NsgDirection Direction, string Protocol,
    IReadOnlyList<string> SourcePrefixes, IReadOnlyList<string> DestinationPrefixes, IReadOnlyList<string> DestinationPorts,
    IReadOnlyList<string> DestinationAsgIds, bool IsDefault)
{
    public static NsgRule Parse(JsonElement rule, bool isDefault)
    {
        var p = rule.At("properties") ?? rule;
        static List<string> Both(JsonElement p, string single, string plural)
        {
            var l = p.Strs(plural).ToList();
            if (p.Str(single) is { Length: > 0 } s) l.Insert(0, s);
            return l;
        }
        var dest = Both(p, "destinationAddressPrefix", "destinationAddressPrefixes");
        var asgs = p.Arr("destinationApplicationSecurityGroups").Select(a => a.Str("id")).OfType<string>().ToList();
        var srcAsgs = p.Arr("sourceApplicationSecurityGroups").Any();
        var src = Both(p, "sourceAddressPrefix", "sourceAddressPrefixes");
        if (src.Count == 0 && !srcAsgs) src.Add("*");
        if (dest.Count == 0 && asgs.Count == 0) dest.Add("*");
        var ports = Both(p, "destinationPortRange", "destinationPortRanges");
        if (ports.Count == 0) ports.Add("*");
        return new NsgRule(rule.Str("name") ?? "?", (int)(p.Num("priority") ?? 65500), p.Str("access").Is("Allow"),
            p.Str("direction").Is("Outbound") ? NsgDirection.Outbound : NsgDirection.Inbound, p.Str("protocol") ?? "*",
            src, dest, ports, asgs, isDefault);
    }

    /// <summary>True when the rule's source is any address on the Internet ("*", "0.0.0.0/0", "Internet", "Any", "::/0").</summary>
    public bool FromInternet => SourcePrefixes.Any(NsgRules.IsInternetPrefix);

    public bool CoversProtocol(string protocol) => Protocol is "*" || Protocol.Is("Any") || Protocol.Is(protocol);

    public bool CoversPort(int port) => DestinationPorts.Any(r => NsgRules.RangeCovers(r, port));

    public bool CoversAllPorts => DestinationPorts.Any(r => r is "*" || r.Is("Any") || r == "0-65535" || r == "1-65535");

    public bool DestinationIsAny => DestinationAsgIds.Count == 0 && DestinationPrefixes.Any(d => d is "*" || d.Is("Any") || d == "0.0.0.0/0" || d.Is("Internet"));

    public string Describe() =>
        $"rule '{Name}' (priority {Priority}): {(Allow ? "Allow" : "Deny")} {Direction} {Protocol} port {string.Join(",", DestinationPorts)} from {string.Join(",", SourcePrefixes)}";
}

/// <summary>NSG rule helpers: the rules of an NSG (embedded or stored as child resources, plus Azure's defaults) and the
/// effective inbound flow through a NIC's subnet NSG and NIC NSG (first match by priority, both must allow).</summary>
public static class NsgRules
{
    public static readonly string[] InternetPrefixes = { "*", "0.0.0.0/0", "0.0.0.0", "Internet", "Any", "::/0" };

    public static bool IsInternetPrefix(string p) => InternetPrefixes.Contains(p.Trim(), StringComparer.OrdinalIgnoreCase);

    public static bool RangeCovers(string range, int port)
    {
        range = range.Trim();
        if (range is "*" || range.Is("Any")) return true;
        var dash = range.IndexOf('-');
        if (dash < 0) return int.TryParse(range, out var single) && single == port;
        return int.TryParse(range[..dash], out var lo) && int.TryParse(range[(dash + 1)..], out var hi) && lo <= port && port <= hi;
    }

    private static readonly NsgRule[] AzureDefaults =
    {
        new("AllowVnetInBound", 65000, true, NsgDirection.Inbound, "*", new[] { "VirtualNetwork" }, new[] { "VirtualNetwork" }, new[] { "*" }, Array.Empty<string>(), true),
        new("AllowAzureLoadBalancerInBound", 65001, true, NsgDirection.Inbound, "*", new[] { "AzureLoadBalancer" }, new[] { "*" }, new[] { "*" }, Array.Empty<string>(), true),
        new("DenyAllInBound", 65500, false, NsgDirection.Inbound, "*", new[] { "*" }, new[] { "*" }, new[] { "*" }, Array.Empty<string>(), true),
    };

    /// <summary>All rules of an NSG ordered by priority: properties.securityRules, separately stored securityRules children
    /// (same name = same rule) and properties.defaultSecurityRules (Azure's fixed inbound defaults when not in the payload).</summary>
    public static IReadOnlyList<NsgRule> Of(ResourceConfig nsg, IResourceSet resources) =>
        Cache.GetValue(resources, _ => new System.Collections.Concurrent.ConcurrentDictionary<ResourceConfig, IReadOnlyList<NsgRule>>(ReferenceEqualityComparer.Instance))
            .GetOrAdd(nsg, n => Parse(n, resources));

    /// <summary>Parsed rules per resource set and NSG: a dozen checks read the same NSGs, so each NSG is parsed once per set.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IResourceSet, System.Collections.Concurrent.ConcurrentDictionary<ResourceConfig, IReadOnlyList<NsgRule>>> Cache = new();

    private static IReadOnlyList<NsgRule> Parse(ResourceConfig nsg, IResourceSet resources)
    {
        var byName = new Dictionary<string, NsgRule>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in nsg.Json.Arr("properties.securityRules")) { var x = NsgRule.Parse(r, false); byName[x.Name] = x; }
        foreach (var c in resources.ChildrenOf(nsg.Id, ResourceTypes.SecurityRule)) { var x = NsgRule.Parse(c.Json, false); byName[x.Name] = x; }
        var defaults = nsg.Json.Arr("properties.defaultSecurityRules").Select(r => NsgRule.Parse(r, true)).ToList();
        if (!defaults.Any(d => d.Direction == NsgDirection.Inbound)) defaults.AddRange(AzureDefaults);
        return byName.Values.Concat(defaults).OrderBy(r => r.Direction).ThenBy(r => r.Priority).ToList();
    }

    /// <summary>Inbound Allow rules that let traffic of <paramref name="protocol"/> reach <paramref name="port"/> (null: any port
    /// of that protocol) from any Internet address and are not shadowed by a higher-priority Deny of the same traffic from any
    /// source to any destination.</summary>
    public static IReadOnlyList<NsgRule> OpenToInternet(IReadOnlyList<NsgRule> rules, string protocol, int? port)
    {
        var open = new List<NsgRule>();
        foreach (var r in rules)
        {
            if (r.Direction != NsgDirection.Inbound || !r.FromInternet || !r.CoversProtocol(protocol)) continue;
            var covers = port is { } p ? r.CoversPort(p) : true;
            if (!covers) continue;
            if (!r.Allow)
            {
                // A deny from everywhere to everything of this traffic ends evaluation for it.
                if (r.DestinationIsAny && (port is null ? r.CoversAllPorts : true) && (r.Protocol is "*" || r.Protocol.Is(protocol))) break;
                continue;
            }
            open.Add(r);
        }
        return open;
    }

    /// <summary>First matching inbound rule for traffic from an arbitrary Internet address to one destination (the NIC's
    /// private addresses and application security groups). Null when no rule matches (cannot happen with Azure's defaults).</summary>
    public static NsgRule? FirstInboundMatch(IReadOnlyList<NsgRule> rules, string protocol, int port, IReadOnlyList<string> destinationIps, IReadOnlyCollection<string> asgIds)
    {
        foreach (var r in rules)
        {
            if (r.Direction != NsgDirection.Inbound || !r.FromInternet || !r.CoversProtocol(protocol) || !r.CoversPort(port)) continue;
            if (DestinationMatches(r, destinationIps, asgIds)) return r;
        }
        return null;
    }

    private static bool DestinationMatches(NsgRule r, IReadOnlyList<string> ips, IReadOnlyCollection<string> asgIds)
    {
        if (r.DestinationAsgIds.Any(a => asgIds.Contains(a, StringComparer.OrdinalIgnoreCase))) return true;
        foreach (var d in r.DestinationPrefixes)
        {
            if (d is "*" || d.Is("Any") || d.Is("VirtualNetwork") || d == "0.0.0.0/0") return true;
            if (ips.Any(ip => CidrContains(d, ip))) return true;
        }
        return false;
    }

    public static bool CidrContains(string cidr, string ip)
    {
        var slash = cidr.IndexOf('/');
        var net = slash < 0 ? cidr : cidr[..slash];
        var bits = slash < 0 ? 32 : int.TryParse(cidr[(slash + 1)..], out var b) ? b : -1;
        var ipOnly = ip.Contains('/') ? ip[..ip.IndexOf('/')] : ip;
        if (bits is < 0 or > 32 || !IPAddress.TryParse(net, out var n) || !IPAddress.TryParse(ipOnly, out var a)) return false;
        if (n.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || a.AddressFamily != n.AddressFamily) return false;
        var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
        return (ToUInt(n) & mask) == (ToUInt(a) & mask);
    }

    private static uint ToUInt(IPAddress a) { var x = a.GetAddressBytes(); return (uint)(x[0] << 24 | x[1] << 16 | x[2] << 8 | x[3]); }
}

/// <summary>The effective inbound exposure of a NIC: for each IP configuration with a public IP, traffic from the Internet
/// passes the subnet's NSG, then the NIC's NSG; both must allow (an absent NSG allows).</summary>
public static class EffectiveRules
{
    public sealed record Exposure(string IpConfiguration, bool Allowed, string Evidence);

    public static IEnumerable<Exposure> Inbound(ResourceConfig nic, IResourceSet resources, string protocol, int port)
    {
        var nicNsg = nic.Json.Str("properties.networkSecurityGroup.id") is { } nid ? resources.Get(nid) : null;
        var nicRules = nicNsg is null ? null : NsgRules.Of(nicNsg, resources);
        foreach (var ipc in nic.Json.Arr("properties.ipConfigurations"))
        {
            var name = ipc.Str("name") ?? "?";
            if (ipc.Str("properties.publicIPAddress.id") is not { } pip) continue;
            var ips = ipc.Strs("properties.privateIPAddress").ToList();
            var asgs = ipc.Arr("properties.applicationSecurityGroups").Select(a => a.Str("id")).OfType<string>().ToList();
            var subnetNsg = SubnetNsg(ipc.Str("properties.subnet.id"), resources);
            var verdicts = new List<string>();
            var allowed = true;
            foreach (var (label, nsg, rules) in new[] { ("subnet NSG", subnetNsg, subnetNsg is null ? null : NsgRules.Of(subnetNsg, resources)), ("NIC NSG", nicNsg, nicRules) })
            {
                if (nsg is null || rules is null) { verdicts.Add($"{label}: none (allows)"); continue; }
                var match = NsgRules.FirstInboundMatch(rules, protocol, port, ips, asgs);
                var ok = match?.Allow ?? false;
                verdicts.Add($"{label} '{nsg.Name}': {(match is null ? "no matching rule (deny)" : match.Describe())}");
                allowed &= ok;
            }
            yield return new Exposure(name, allowed, $"ipConfiguration '{name}' (public IP {pip[(pip.LastIndexOf('/') + 1)..]}): {protocol} {port} from Internet {(allowed ? "ALLOWED" : "blocked")}; " + string.Join("; ", verdicts));
        }
    }

    /// <summary>The NSG of a subnet: from a separately stored subnet resource, else from its virtual network's properties.subnets.</summary>
    public static ResourceConfig? SubnetNsg(string? subnetId, IResourceSet resources)
    {
        if (subnetId is null) return null;
        string? nsgId = null;
        if (resources.Get(subnetId) is { } subnet) nsgId = subnet.Json.Str("properties.networkSecurityGroup.id");
        else if (ArmId.ParentOf(subnetId) is { } vnetId && resources.Get(vnetId) is { } vnet)
            foreach (var s in vnet.Json.Arr("properties.subnets"))
                if ((s.Str("id")).Is(subnetId) || (s.Str("name")).Is(subnetId[(subnetId.LastIndexOf('/') + 1)..]))
                { nsgId = s.Str("properties.networkSecurityGroup.id"); break; }
        return nsgId is null ? null : resources.Get(nsgId);
    }
}
