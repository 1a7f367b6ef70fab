using Portal.Domain.Cloud;

namespace Portal.Domain.Accounts;

/// <summary>Everything the wizard or the API sends to onboard (or re-validate) an account.</summary>
public sealed record OnboardingRequest
{
    public string Name { get; init; } = "";
    public CloudKind Cloud { get; init; } = CloudKind.AzurePublic;
    public string? TenantId { get; init; }
    public string? ClientId { get; init; }
    public string? ClientSecret { get; init; }
    public DateTime? SecretExpiresOn { get; init; }
    public IReadOnlyList<string> SubscriptionIds { get; init; } = [];
    public IReadOnlyList<CloudFeature> Features { get; init; } = [CloudFeature.Hosts];
    public SyncPolicy Policy { get; init; } = new();

    // The secret never reaches a log or an exception message through ToString.
    private bool PrintMembers(System.Text.StringBuilder b)
    {
        b.Append($"Name = {Name}, Cloud = {Cloud}, TenantId = {TenantId}, ClientId = {ClientId}, ClientSecret = {Secrets.Mask(ClientSecret)}, ");
        b.Append($"SecretExpiresOn = {SecretExpiresOn}, SubscriptionIds = [{string.Join(", ", SubscriptionIds)}], Features = [{string.Join(", ", Features)}], Policy = {Policy}");
        return true;
    }
}

/// <summary>A failure to show the user: a code (Azure's or the portal's), what it means and how to fix it.</summary>
public sealed record OnboardingProblem(string Code, string Title, string Detail, string? Fix = null, IReadOnlyList<CredentialInputIssue>? InputIssues = null)
{
    public static OnboardingProblem FromCloud(CloudError e) => new(e.Code, e.Meaning, e.Message, e.Fix);
    public static OnboardingProblem Invalid(string detail) => new(CloudErrorCodes.InvalidInput, "The request is not valid", detail);
}

/// <summary>Step 3a of the wizard: the credential signs in and sees these subscriptions.</summary>
public sealed record CredentialCheck(CloudCredential Credential, CredentialIdentity Identity, IReadOnlyList<SubscriptionInfo> Subscriptions, IReadOnlyList<CredentialInputIssue> Notes);

/// <summary>Step 3b: what one chosen subscription allows.</summary>
public sealed record SubscriptionCheck(SubscriptionInfo Subscription, IReadOnlyList<RegionInfo> Regions, int VmCount,
    IReadOnlyList<FeatureReadiness> Readiness, string? LeastPrivilegeRoleJson);

public sealed record OnboardingCheck(CredentialCheck Credential, IReadOnlyList<SubscriptionCheck> Subscriptions)
{
    /// <summary>Per feature across the chosen subscriptions: ready only where every subscription is ready.</summary>
    public IReadOnlyList<FeatureReadiness> Readiness => AccountCredentials.Merge(Subscriptions.SelectMany(s => s.Readiness));
}

/// <summary>Either a value or a problem for the user.</summary>
public sealed record Outcome<T>(T? Value, OnboardingProblem? Problem)
{
    public bool Ok => Problem is null;
    public static implicit operator Outcome<T>(T value) => new(value, null);
    public static implicit operator Outcome<T>(OnboardingProblem problem) => new(default, problem);
}
