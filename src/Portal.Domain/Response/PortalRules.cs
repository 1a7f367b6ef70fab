using System.Security.Cryptography;
using System.Text;
using Portal.Domain.Cloud;

namespace Portal.Domain.Response;

/// <summary>Names, descriptions and priorities of the rules and NSGs the portal owns, and Azure's limits on them.</summary>
public static class PortalRules
{
    public const string BlockInbound = "portal-block-inbound";
    public const string BlockOutbound = "portal-block-outbound";
    /// <summary>Every portal-owned rule's description starts with this, so people reading the NSG know who put it there.</summary>
    public const string Marker = "[security-portal]";
    public const int MinPriority = 100;
    public const int MaxPriority = 4096;
    /// <summary>Azure: security rules per NSG.</summary>
    public const int MaxRulesPerNsg = 1000;
    /// <summary>Azure: IP addresses and ranges specified for source or destination in one NSG.</summary>
    public const int MaxPrefixesPerNsg = 4000;

    public static string BlockRuleName(TrafficDirection direction) => direction == TrafficDirection.Inbound ? BlockInbound : BlockOutbound;

    public static bool IsPortalOwned(NsgRuleInfo rule) =>
        rule.Name.StartsWith("portal-", StringComparison.OrdinalIgnoreCase) && (rule.Description?.StartsWith(Marker, StringComparison.Ordinal) ?? false);

    /// <summary>Isolation rule names carry the VM (shortened, plus a hash of its id) so two VMs sharing an NSG each get their own; at most 80 characters.</summary>
    public static string IsolationRuleName(string vmId, bool allow, TrafficDirection direction)
    {
        var name = ResourceIds.NameOf(vmId);
        if (name.Length > 40) name = name[..40];
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(vmId.ToLowerInvariant())))[..6];
        return $"portal-isolate-{name}-{hash}-{(allow ? "allow-mgmt" : "deny-all")}-{(direction == TrafficDirection.Inbound ? "in" : "out")}";
    }

    public static string IsolationNsgName(string vmName) => $"{vmName}-portal-isolation-nsg";
    public static string QuarantineNsgName(string vmName) => $"{vmName}-portal-quarantine-nsg";

    public static IReadOnlyDictionary<string, string> PortalNsgTags(string vmId) =>
        new Dictionary<string, string> { ["managed-by"] = "security-portal", ["portal-isolated-vm"] = ResourceIds.NameOf(vmId) };

    /// <summary>The lowest priority number of the direction's Allow rules (custom rules only; defaults sit at 65000+), ignoring <paramref name="ignore"/>.</summary>
    public static int FirstAllowPriority(IEnumerable<NsgRuleInfo> rules, TrafficDirection direction, ISet<string>? ignore = null) =>
        rules.Where(r => !r.IsDefault && Is(r.Direction, direction) && r.Access.Equals("Allow", StringComparison.OrdinalIgnoreCase)
                         && (ignore is null || !ignore.Contains(r.Name)))
             .Select(r => r.Priority).DefaultIfEmpty(MaxPriority + 1).Min();

    /// <summary>
    /// The <paramref name="count"/> lowest priorities of the direction that no other rule uses and that all precede every Allow
    /// rule (rules named in <paramref name="ignore"/> are the portal's own and about to be replaced); null when there are not enough.
    /// Lowest numbers are taken, as Defender's v2 brute-force playbook does, so an Allow added later at a low number is still preceded.
    /// </summary>
    public static IReadOnlyList<int>? FreePriorities(IEnumerable<NsgRuleInfo> rules, TrafficDirection direction, int count, ISet<string>? ignore = null)
    {
        var list = rules.Where(r => !r.IsDefault && Is(r.Direction, direction) && (ignore is null || !ignore.Contains(r.Name))).ToList();
        var used = list.Select(r => r.Priority).ToHashSet();
        var limit = FirstAllowPriority(list, direction);
        var free = new List<int>();
        for (var p = MinPriority; p < limit && p <= MaxPriority && free.Count < count; p++)
            if (!used.Contains(p)) free.Add(p);
        return free.Count == count ? free : null;
    }

    public static bool Is(string direction, TrafficDirection d) => direction.Equals(d.ToString(), StringComparison.OrdinalIgnoreCase);

    /// <summary>A portal-owned deny or allow rule for all protocols and ports.</summary>
    public static NsgRuleInfo Rule(string name, int priority, TrafficDirection direction, bool allow, IReadOnlyList<string> sources, IReadOnlyList<string> destinations, string description) =>
        new(name, priority, direction.ToString(), allow ? "Allow" : "Deny", "*", sources, ["*"], destinations, ["*"], IsDefault: false)
        {
            Description = $"{Marker} {description}",
        };

    /// <summary>Prefixes counted against the per-NSG limit (service tags and '*' included, as Azure counts entries).</summary>
    public static int PrefixCount(IEnumerable<NsgRuleInfo> rules) =>
        rules.Where(r => !r.IsDefault).Sum(r => r.SourceAddressPrefixes.Count + r.DestinationAddressPrefixes.Count);
}
