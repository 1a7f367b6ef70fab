using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Security;

namespace Portal.Domain.Inventory;

/// <summary>An NSG on a host's path, and where it is attached (the host's NIC or the NIC's subnet).</summary>
public sealed record HostNsg(NsgInfo Nsg, string AttachedTo);

/// <summary>Reads, live from Azure, the NSGs that filter a host's traffic.</summary>
public sealed class HostNetworkService(ICloudConnector cloud, IAccountStore accounts, ISecretProtector secrets)
{
    public async Task<Outcome<IReadOnlyList<HostNsg>>> NetworkPathAsync(Host host, CancellationToken ct = default)
    {
        if (host.NsgIds.Count == 0) return new List<HostNsg>();
        var account = await accounts.GetAsync(host.AccountId, ct);
        if (account is null) return new OnboardingProblem("NotFound", "Account removed", "The host's account no longer exists.");
        CloudCredential credential;
        try { credential = account.OpenCredential(secrets); }
        catch (SecretUnreadableException ex) { return new OnboardingProblem("SecretUnreadable", "Secret unreadable", ex.Message); }
        var nsgs = await cloud.ListNetworkSecurityGroupsAsync(credential, host.SubscriptionId, ct);
        if (!nsgs.IsSuccess) return OnboardingProblem.FromCloud(nsgs.Error);
        var wanted = host.NsgIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var nics = host.NicIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return nsgs.Value.Where(n => wanted.Contains(n.Id))
            .Select(n => new HostNsg(n, n.NicIds.Any(nics.Contains) ? "network interface" : "subnet"))
            .OrderBy(n => n.AttachedTo == "subnet")
            .ToList();
    }
}
