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
    /// <summary>The VM picked in the type-ahead (its resource id is the scope).</summary>
    public ScopeOption? Vm { get; set; }
    public string? VmId => Vm?.Id;
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
            BlockScopeKind.Vm => "Choose the VM whose NSGs get the deny rule: type part of its name or IP, then press Enter or click it in the list.",
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
            .Select(h => new ScopeOption($"{h.Name} · {h.ResourceGroup} · {string.Join(", ", h.PrivateIps)}", AzureCasing.VmId(h)))
            .OrderBy(o => o.Label, StringComparer.OrdinalIgnoreCase).ToList();
}

/// <summary>The block form's VM type-ahead: a server-side search of the inventory (name, group, id or IP), only VMs of accounts
/// with the Response feature, a short list so the popup stays quick at 100,000 hosts.</summary>
public sealed class VmPicker(Portal.Domain.Inventory.IHostStore hosts, IAccountStore accounts)
{
    public const int MaxShown = 20;

    public async Task<IEnumerable<ScopeOption>> SearchAsync(string? text, CancellationToken ct = default)
    {
        var responseAccounts = (await accounts.ListAsync(ct)).Where(a => a.Has(Portal.Domain.Cloud.CloudFeature.Response)).ToList();
        if (responseAccounts.Count == 0) return [];
        var search = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        // One query per Response account keeps paging in the store even when other accounts hold most hosts.
        var found = new List<Host>();
        foreach (var account in responseAccounts)
        {
            found.AddRange((await hosts.QueryAsync(new Portal.Domain.Inventory.HostQuery { AccountId = account.Id, Search = search, PageSize = MaxShown }, ct)).Items);
            if (found.Count >= MaxShown) break;
        }
        return BlockScopeOptions.Vms(found.Take(MaxShown));
    }
}
