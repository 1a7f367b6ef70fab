using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Inventory;
using Portal.Domain.Response;
using Host = Portal.Domain.Inventory.Host;

namespace Portal.Web.Model;

/// <summary>
/// The host page: the inventory's host, then the VM and its network path read live from Azure. After a containment the page
/// shows at once what the portal just verified (power state), then re-reads the VM so a new or quarantine NSG is on the path.
/// </summary>
public sealed class HostDetailView(IHostStore store, IAccountStore accounts, HostNetworkService network)
{
    public Host? Host { get; private set; }
    public CloudAccount? Account { get; private set; }
    /// <summary>The VM as last read from Azure; null until read (or when it could not be).</summary>
    public VmInfo? LiveVm { get; private set; }
    public IReadOnlyList<HostNsg>? Path { get; private set; }
    public OnboardingProblem? PathProblem { get; private set; }
    public bool Reading { get; private set; }
    /// <summary>The state a verified power action left the VM in, until the next live read replaces it.</summary>
    private string? _verifiedPowerState;

    public async Task LoadAsync(Guid id, CancellationToken ct = default)
    {
        Host = await store.GetAsync(id, ct);
        Account = Host is null ? null : await accounts.GetAsync(Host.AccountId, ct);
        LiveVm = null;
        Path = null;
        PathProblem = null;
        _verifiedPowerState = null;
    }

    /// <summary>The header's power state: Azure's live answer, else what a verified action just left, else the last sync.</summary>
    public string PowerState => _verifiedPowerState ?? LiveVm?.PowerState ?? Host?.PowerState ?? "unknown";

    /// <summary>The VM's id in Azure's casing (the inventory keeps a lower-cased copy for matching).</summary>
    public string ResourceId => LiveVm?.Id ?? (Host is null ? "" : AzureCasing.VmId(Host));

    public IReadOnlyList<string> NicIds => LiveVm?.NicIds ?? Host?.NicIds ?? [];

    /// <summary>Reads the VM and the NSGs on its path from Azure.</summary>
    public async Task RefreshLiveAsync(CancellationToken ct = default)
    {
        if (Host is null) return;
        Reading = true;
        try
        {
            var live = await network.LiveAsync(Host, ct);
            if (live.Ok)
            {
                LiveVm = live.Value!.Vm ?? LiveVm;
                Path = live.Value.Path;
                PathProblem = null;
                if (live.Value.Vm is not null) _verifiedPowerState = null;
            }
            else PathProblem = live.Problem;
        }
        finally { Reading = false; }
    }

    /// <summary>A containment (or its undo) on this VM is final: take its verified outcome now, then read Azure again.</summary>
    public async Task ContainmentFinishedAsync(ContainmentAction action, CancellationToken ct = default)
    {
        if (action.Kind == ContainmentKind.Power && action.Verification is { Verified: true })
        {
            _verifiedPowerState = action.Status == ContainmentStatus.Undone
                ? action.UndoItems.FirstOrDefault(u => u.Kind == UndoKind.PowerChanged)?.PreviousPowerState
                : ContainmentReader.ExpectedPowerState(action.PowerAction!.Value);
        }
        await RefreshLiveAsync(ct);
    }

    /// <summary>An inbound allow from anywhere on the internet: what an attacker reaches first.</summary>
    public static bool OpenToInternet(NsgRuleInfo r) =>
        r.Access.Equals("Allow", StringComparison.OrdinalIgnoreCase) && r.Direction.Equals("Inbound", StringComparison.OrdinalIgnoreCase)
        && r.SourceAddressPrefixes.Any(p => p is "*" or "Internet" or "0.0.0.0/0" or "Any" or "::/0");

    public static IEnumerable<NsgRuleInfo> Rules(HostNsg hop) => hop.Nsg.Rules.OrderBy(r => r.Direction).ThenBy(r => r.Priority);
}
