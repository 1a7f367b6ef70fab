using Portal.Domain.Cloud;

namespace Portal.Domain.Response;

public enum ProtectedTargetKind { Vm, Tag, Cidr }

/// <summary>Something containment must never touch: a VM (resource id), every VM with a tag (key=value) or an address range.</summary>
public sealed class ProtectedTarget
{
    public Guid Id { get; set; }
    public ProtectedTargetKind Kind { get; set; }
    /// <summary>Vm: resource id (lower-cased); Tag: "key=value"; Cidr: canonical address or CIDR.</summary>
    public string Value { get; set; } = "";
    public string? Note { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    /// <summary>Checks and normalises one entry; the error names what is wrong.</summary>
    public static (string? Value, string? Error) Normalize(ProtectedTargetKind kind, string? value)
    {
        var v = value?.Trim() ?? "";
        switch (kind)
        {
            case ProtectedTargetKind.Vm:
                return ResourceIds.IsVm(v) ? (v.ToLowerInvariant(), null) : (null, $"'{v}' is not a VM resource id (/subscriptions/…/resourceGroups/…/providers/Microsoft.Compute/virtualMachines/…).");
            case ProtectedTargetKind.Tag:
                var eq = v.IndexOf('=');
                return eq > 0 && eq < v.Length - 1 ? ($"{v[..eq].Trim()}={v[(eq + 1)..].Trim()}", null) : (null, $"'{v}' is not a tag in the form key=value.");
            case ProtectedTargetKind.Cidr:
                return AddressPrefix.TryParse(v) is { } p ? (p.ToString(), null) : (null, $"'{v}' is not an IPv4/IPv6 address or CIDR.");
            default:
                return (null, "'kind' must be vm, tag or cidr.");
        }
    }
}

/// <summary>The protected targets in force: the stored list plus configured and built-in ones (the portal's own addresses).</summary>
public sealed record ProtectedTargetSet(IReadOnlyList<ProtectedTarget> Entries)
{
    /// <summary>The entry that protects the VM (by id or tag), or null.</summary>
    public ProtectedTarget? ProtectingVm(string vmId, IReadOnlyDictionary<string, string>? tags) =>
        Entries.FirstOrDefault(e => e.Kind == ProtectedTargetKind.Vm && string.Equals(e.Value, vmId, StringComparison.OrdinalIgnoreCase))
        ?? Entries.FirstOrDefault(e => e.Kind == ProtectedTargetKind.Tag && tags is not null && TagMatches(e.Value, tags));

    /// <summary>The entry whose range overlaps <paramref name="prefix"/>, or null.</summary>
    public ProtectedTarget? ProtectingAddress(AddressPrefix prefix) =>
        Entries.FirstOrDefault(e => e.Kind == ProtectedTargetKind.Cidr && AddressPrefix.TryParse(e.Value) is { } p && p.Overlaps(prefix));

    private static bool TagMatches(string entry, IReadOnlyDictionary<string, string> tags)
    {
        var eq = entry.IndexOf('=');
        if (eq <= 0) return false;
        var key = entry[..eq];
        var value = entry[(eq + 1)..];
        return tags.Any(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase) && string.Equals(t.Value, value, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>Azure resource id parsing for the scopes containment accepts.</summary>
public static class ResourceIds
{
    public enum ScopeKind { Subscription, ResourceGroup, Vm }

    /// <summary>Subscription, resource group (lower-cased name) and VM of an id; null when it is none of the three.</summary>
    public static (ScopeKind Kind, string SubscriptionId, string? ResourceGroup)? Parse(string? id)
    {
        if (string.IsNullOrWhiteSpace(id)) return null;
        var parts = id.Trim().Trim('/').Split('/');
        if (parts.Length < 2 || !parts[0].Equals("subscriptions", StringComparison.OrdinalIgnoreCase) || !Guid.TryParse(parts[1], out _)) return null;
        if (parts.Length == 2) return (ScopeKind.Subscription, parts[1], null);
        if (!parts[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase) || parts.Length < 4 || parts[3].Length == 0) return null;
        if (parts.Length == 4) return (ScopeKind.ResourceGroup, parts[1], parts[3]);
        if (parts.Length == 8 && parts[4].Equals("providers", StringComparison.OrdinalIgnoreCase)
            && parts[5].Equals("Microsoft.Compute", StringComparison.OrdinalIgnoreCase)
            && parts[6].Equals("virtualMachines", StringComparison.OrdinalIgnoreCase) && parts[7].Length > 0)
            return (ScopeKind.Vm, parts[1], parts[3]);
        return null;
    }

    public static bool IsVm(string? id) => Parse(id) is { Kind: ScopeKind.Vm };

    /// <summary>The resource group of any resource id ("" when none).</summary>
    public static string ResourceGroupOf(string id)
    {
        var parts = id.Trim('/').Split('/');
        return parts.Length > 3 && parts[2].Equals("resourceGroups", StringComparison.OrdinalIgnoreCase) ? parts[3] : "";
    }

    public static string NameOf(string id) => id.TrimEnd('/').Split('/')[^1];
}
