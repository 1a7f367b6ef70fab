namespace Portal.Domain.Cloud;

/// <summary>
/// A failed Entra or ARM call, in words an administrator can act on.
/// </summary>
/// <param name="Code">Azure's code (AADSTS7000215, AuthorizationFailed, SubscriptionNotFound, ...) or one of
/// <see cref="CloudErrorCodes"/> (NetworkFailure, Throttled, ...).</param>
/// <param name="Message">Azure's own text (never contains the client secret).</param>
/// <param name="Meaning">What the error means, for the user.</param>
/// <param name="Fix">What to do about it.</param>
public sealed record CloudError(string Code, string Message, string Meaning, string Fix)
{
    /// <summary>HTTP status Azure answered with, when there was an answer.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>How long Azure asked the caller to wait (throttling), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The Azure code as received when <see cref="Code"/> is a normalised one (e.g. SubscriptionRequestsThrottled for Throttled).</summary>
    public string? AzureCode { get; init; }

    /// <summary>True when retrying later may succeed without anyone changing anything (network, throttling, outage).</summary>
    public bool IsTransient => CloudErrorCatalog.IsTransient(Code);

    /// <summary>True when the error is about the credential itself (wrong/expired secret, wrong IDs, unknown tenant).</summary>
    public bool IsCredentialProblem => CloudErrorCatalog.IsCredentialProblem(Code);

    /// <summary>Builds an error for <paramref name="code"/> with the catalog's meaning and fix.</summary>
    public static CloudError From(string code, string message) => CloudErrorCatalog.Create(code, message);
}

/// <summary>Codes the connector uses besides Azure's own.</summary>
public static class CloudErrorCodes
{
    public const string InvalidClientSecret = "AADSTS7000215";
    public const string ClientSecretExpired = "AADSTS7000222";
    public const string ApplicationNotFound = "AADSTS700016";
    public const string TenantNotFound = "AADSTS90002";
    public const string InvalidTenantIdentifier = "AADSTS900023";
    public const string MissingSecret = "AADSTS7000218";
    public const string ResourceNotFoundInTenant = "AADSTS500011";
    public const string AuthorizationFailed = "AuthorizationFailed";
    public const string LinkedAuthorizationFailed = "LinkedAuthorizationFailed";
    public const string SubscriptionNotFound = "SubscriptionNotFound";
    public const string InvalidSubscriptionId = "InvalidSubscriptionId";
    public const string WrongTenant = "InvalidAuthenticationTokenTenant";
    public const string InvalidToken = "InvalidAuthenticationToken";
    public const string NetworkFailure = "NetworkFailure";
    public const string Timeout = "Timeout";
    public const string Throttled = "Throttled";
    public const string ServiceUnavailable = "ServiceUnavailable";
    public const string NoSubscriptions = "NoSubscriptions";
    public const string InvalidInput = "InvalidInput";
    public const string NotSupported = "NotSupported";
    // Response (containment) writes
    public const string ResourceNotFound = "ResourceNotFound";
    /// <summary>The resource changed since it was read (If-Match etag no longer current): re-read and retry.</summary>
    public const string PreconditionFailed = "PreconditionFailed";
    public const string SecurityRuleConflict = "SecurityRuleConflict";
    public const string SecurityRulesLimitReached = "SecurityRulesLimitReached";
    public const string NsgInUse = "InUseNetworkSecurityGroupCannotBeDeleted";
    public const string OperationNotAllowed = "OperationNotAllowed";
    /// <summary>A long-running operation Azure accepted ended in Failed or Canceled without a more specific code.</summary>
    public const string OperationFailed = "OperationFailed";
    // Agentless detection (snapshots and their SAS URLs)
    /// <summary>Azure Storage answered 403 on a snapshot's SAS URL: the access was revoked (endGetAccess) or has expired.</summary>
    public const string SnapshotAccessRefused = "SnapshotAccessRefused";
    /// <summary>Any other failed read of a snapshot's SAS URL (not a network failure).</summary>
    public const string SnapshotReadFailed = "SnapshotReadFailed";
    /// <summary>A subscription or regional quota (snapshots, cores, ...) is used up.</summary>
    public const string QuotaExceeded = "QuotaExceeded";
    /// <summary>ARM answered with a link (nextLink, Location) to another host: the portal did not follow it with its token.</summary>
    public const string UntrustedLink = "UntrustedLink";
    public const string Unexpected = "Unexpected";
}
