using Portal.Domain.Accounts;
using Portal.Domain.Response;
using Host = Portal.Domain.Inventory.Host;

namespace Portal.Web.Model;

public enum BlockScopeKind { Vm, ResourceGroup, Subscription }

/// <summary>The Response page's "Block an IP" form: the address, where to block it (a VM of the inventory, a resource group or a
/// subscription of an onboarded account) and the direction. The reason is asked by the containment flow.</summary>
public sealed class BlockIpForm
{
    public string Address { get; set; } = "";
    public BlockScopeKind ScopeKind { get; set; } = BlockScopeKind.Vm;
    /// <summary>The VM's resource id, picked from the hosts inventory.</summary>
    public string? VmId { get; set; }
    public string? ResourceGroupId { get; set; }
    public string? SubscriptionScopeId { get; set; }
    public bool BothDirections { get; set; }

    public string? ScopeId => ScopeKind switch
    {
        BlockScopeKind.Vm => VmId,
        BlockScopeKind.ResourceGroup => ResourceGroupId,
        _ => SubscriptionScopeId,
    };

    /// <summary>The request without its reason, or what is missing (the service validates the rest).</summary>
    public (ContainmentRequest? Request, string? Error) ToRequest()
    {
        if (string.IsNullOrWhiteSpace(Address)) return (null, "Enter the IPv4/IPv6 address or CIDR to block.");
        if (string.IsNullOrWhiteSpace(ScopeId)) return (null, ScopeKind switch
        {
            BlockScopeKind.Vm => "Pick the VM whose NSGs get the deny rule.",
            BlockScopeKind.ResourceGroup => "Pick the resource group whose NSGs get the deny rule.",
            _ => "Pick the subscription whose NSGs get the deny rule.",
        });
        return (new ContainmentRequest(ContainmentKind.BlockIp, Address.Trim(), ScopeId, null, null) { BothDirections = BothDirections }, null);
    }
}

/// <summary>A scope the form offers: label and resource id.</summary>
public sealed record ScopeOption(string Label, string Id);

/// <summary>The subscriptions and resource groups the block form offers: those of accounts with the Response feature.</summary>
public static class BlockScopeOptions
{
    public static IReadOnlyList<ScopeOption> Subscriptions(IEnumerable<CloudAccount> accounts) =>
        accounts.Where(a => a.Has(Portal.Domain.Cloud.CloudFeature.Response))
            .SelectMany(a => a.Subscriptions.Select(s => new ScopeOption($"{s.DisplayName} ({a.Name})", $"/subscriptions/{s.SubscriptionId}")))
            .DistinctBy(o => o.Id, StringComparer.OrdinalIgnoreCase).OrderBy(o => o.Label).ToList();

    /// <summary>Resource groups that hold VMs in the inventory (NSGs usually live beside them).</summary>
    public static IReadOnlyList<ScopeOption> ResourceGroups(IEnumerable<Host> hosts) =>
        hosts.Select(h => (h.SubscriptionId, h.ResourceGroup)).Distinct()
            .Select(x => new ScopeOption(x.ResourceGroup, $"/subscriptions/{x.SubscriptionId}/resourceGroups/{x.ResourceGroup}"))
            .DistinctBy(o => o.Id, StringComparer.OrdinalIgnoreCase).OrderBy(o => o.Label, StringComparer.OrdinalIgnoreCase).ToList();

    public static IReadOnlyList<ScopeOption> Vms(IEnumerable<Host> hosts) =>
        hosts.DistinctBy(h => h.ResourceId, StringComparer.OrdinalIgnoreCase)
            .Select(h => new ScopeOption($"{h.Name} · {h.ResourceGroup} · {string.Join(", ", h.PrivateIps)}", h.ResourceId))
            .OrderBy(o => o.Label, StringComparer.OrdinalIgnoreCase).ToList();
}
