using Portal.Domain.Cloud;
using Portal.Domain.Security;

namespace Portal.Domain.Accounts;

public static class AccountCredentials
{
    /// <summary>The account's credential with its secret decrypted, for one call to the cloud.</summary>
    /// <exception cref="SecretUnreadableException">The key ring that encrypted the secret is gone.</exception>
    public static CloudCredential OpenCredential(this CloudAccount account, ISecretProtector secrets) =>
        new(account.Cloud, account.TenantId, account.ClientId, secrets.Unprotect(account.ProtectedClientSecret));

    /// <summary>Per feature across several subscriptions: ready only where every subscription is ready.</summary>
    public static IReadOnlyList<FeatureReadiness> Merge(IEnumerable<FeatureReadiness> perSubscription) => perSubscription
        .GroupBy(r => r.Feature)
        .Select(g => new FeatureReadiness(g.Key, g.All(r => r.Ready), g.SelectMany(r => r.MissingActions).Distinct().OrderBy(a => a).ToList()))
        .ToList();
}
