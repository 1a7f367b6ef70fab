using System.Reflection;
using Portal.Domain.Accounts;
using Portal.Domain.ApiTokens;
using Portal.Domain.Cloud;

namespace Portal.UnitTests;

/// <summary>
/// Records print their members in ToString, so a record that carries a secret leaks it into any log line or exception
/// message that formats it. Every record of the portal's assemblies with a secret-named string property must mask it:
/// the guard below finds them by reflection, so a new one fails here until it is masked and listed.
/// </summary>
public sealed class SecretRecordTests
{
    private const string Secret = "Sup3r~Secret.Value-1234567890abcdef";

    private static readonly Dictionary<Type, object> Samples = new()
    {
        [typeof(CloudCredential)] = new CloudCredential(CloudKind.AzurePublic, "tenant", "client", Secret),
        [typeof(OnboardingRequest)] = new OnboardingRequest { Name = "Contoso", TenantId = "t", ClientId = "c", ClientSecret = Secret },
        [typeof(AccountChange)] = new AccountChange { Name = "Contoso", ClientSecret = Secret },
        [typeof(Portal.Web.Api.CreateAccountRequest)] = new Portal.Web.Api.CreateAccountRequest("Contoso", CloudKind.AzurePublic, "t", "c", Secret, null, ["s"], [CloudFeature.Hosts], null),
        [typeof(Portal.Web.Api.UpdateAccountRequest)] = new Portal.Web.Api.UpdateAccountRequest("Contoso", null, null, Secret, null),
        [typeof(Portal.Web.Api.CreatedApiTokenResponse)] = new Portal.Web.Api.CreatedApiTokenResponse(null!, Secret),
        [typeof(CreatedApiToken)] = new CreatedApiToken(new ApiToken { Name = "soar", Role = "Analyst", TokenHash = "h", Prefix = "p", CreatedBy = "admin" }, Secret),
    };

    private static bool IsRecord(Type t) => t.GetMethod("<Clone>$") is not null;

    // "ClientSecret", "Secret", "NewPassword"... (not "SecretWarning", nor the encrypted "ProtectedClientSecret").
    private static bool SecretNamed(PropertyInfo p) => p.PropertyType == typeof(string) && !p.Name.StartsWith("Protected", StringComparison.Ordinal)
        && (p.Name.EndsWith("Secret", StringComparison.Ordinal) || p.Name.EndsWith("Password", StringComparison.Ordinal));

    [Fact]
    public void Every_record_with_a_secret_masks_it_in_ToString()
    {
        var assemblies = new[] { typeof(CloudCredential).Assembly, typeof(Portal.Azure.AzureCloudConnector).Assembly, typeof(Portal.Web.Hosting.PortalInitializer).Assembly };
        var carriers = assemblies.SelectMany(a => a.GetTypes()).Where(t => IsRecord(t) && t.GetProperties().Any(SecretNamed)).ToList();
        Assert.NotEmpty(carriers);
        Assert.All(carriers, t => Assert.True(Samples.ContainsKey(t), $"{t.FullName} carries a secret: mask it in PrintMembers and add it here"));
        foreach (var (type, sample) in Samples)
        {
            var text = sample.ToString()!;
            Assert.DoesNotContain(Secret, text);
            Assert.Contains("***", text);
            Assert.StartsWith(type.Name, text);
        }
        Assert.Contains("Name = Contoso", Samples[typeof(OnboardingRequest)].ToString());
    }
}
