using Portal.Domain.Cloud;
using Portal.Domain.Response;

namespace Portal.Web.Model;

/// <summary>One blocked address in one NSG, with the action that put it there (its undo unblocks it everywhere it was put).</summary>
public sealed record BlockedAddressRow(string Prefix, string RuleName, ContainmentAction Action);

/// <summary>The NSGs holding portal-blocked addresses, with their addresses.</summary>
public sealed record BlockedNsgGroup(string NsgId, string NsgName, string ResourceGroup, IReadOnlyList<BlockedAddressRow> Addresses);

/// <summary>What is in force now, grouped the way the Response page shows it.</summary>
public sealed record CurrentContainments(IReadOnlyList<BlockedNsgGroup> BlockedByNsg, IReadOnlyList<ContainmentAction> Isolated,
    IReadOnlyList<ContainmentAction> PoweredOff, IReadOnlyList<ContainmentAction> InProgress)
{
    public int BlockedAddressCount => BlockedByNsg.SelectMany(g => g.Addresses).Select(a => a.Prefix).Distinct().Count();

    /// <summary>Groups the active actions (queued, running or in force).</summary>
    public static CurrentContainments From(IEnumerable<ContainmentAction> active)
    {
        var list = active.ToList();
        var inForce = list.Where(a => a.IsFinal && a.IsInForce).ToList();
        var blocked = inForce.Where(a => a.Kind == ContainmentKind.BlockIp)
            .SelectMany(a => a.UndoItems.Where(u => u.Kind == UndoKind.BlockPrefixes && !u.Undone)
                .SelectMany(u => (u.Prefixes ?? []).Select(p => (Nsg: u.ResourceId, Row: new BlockedAddressRow(p, u.RuleName ?? "", a)))))
            .GroupBy(x => x.Nsg, StringComparer.OrdinalIgnoreCase)
            .Select(g => new BlockedNsgGroup(g.Key, ResourceIds.NameOf(g.Key), ResourceIds.ResourceGroupOf(g.Key),
                g.Select(x => x.Row).OrderBy(r => r.Prefix, StringComparer.Ordinal).ToList()))
            .OrderBy(g => g.NsgName, StringComparer.OrdinalIgnoreCase).ToList();
        return new CurrentContainments(blocked,
            inForce.Where(a => a.Kind == ContainmentKind.Isolate).ToList(),
            // Start is the reverse of a power-off, not a containment; a restart leaves the VM running.
            inForce.Where(a => a.Kind == ContainmentKind.Power && a.PowerAction is VmPowerAction.PowerOff or VmPowerAction.Deallocate).ToList(),
            list.Where(a => !a.IsFinal).ToList());
    }
}
