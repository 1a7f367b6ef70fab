using System.Text.RegularExpressions;

namespace Portal.Domain.Cloud;

/// <summary>Which credential field an input issue is about.</summary>
public enum CredentialField { TenantId, ClientId, ClientSecret }

public enum InputIssueSeverity
{
    /// <summary>Something was corrected silently (e.g. whitespace trimmed); the value can be used.</summary>
    Info,

    /// <summary>Probably a mistake, but Azure may still accept it.</summary>
    Warning,

    /// <summary>The value cannot work; do not send it to Azure.</summary>
    Error,
}

/// <summary>One finding on one field of the credential form.</summary>
public sealed record CredentialInputIssue(CredentialField Field, string Code, InputIssueSeverity Severity, string Message);

/// <summary>The form check's outcome: the cleaned-up values and what was found.</summary>
public sealed record CredentialInputResult(CloudCredential Credential, IReadOnlyList<CredentialInputIssue> Issues)
{
    /// <summary>True when no finding is an error: the credential is worth sending to Entra ID.</summary>
    public bool IsValid => Issues.All(i => i.Severity != InputIssueSeverity.Error);

    public IEnumerable<CredentialInputIssue> For(CredentialField field) => Issues.Where(i => i.Field == field);
}

/// <summary>
/// Form-level validation of an app-registration credential: what can be caught before asking Entra ID.
/// Never echoes the secret in a message.
/// </summary>
public static class CredentialInputCheck
{
    public static class Codes
    {
        public const string Empty = "Empty";
        public const string NotAGuid = "NotAGuid";
        public const string NotAGuidOrDomain = "NotAGuidOrDomain";
        public const string Trimmed = "WhitespaceTrimmed";
        public const string InnerWhitespace = "ContainsWhitespace";
        public const string LooksLikeSecretId = "LooksLikeSecretId";
        public const string SameAsTenant = "SameAsTenantId";
        public const string SecretIsClientId = "SecretIsAnId";
        public const string Normalised = "Normalised";
        public const string TooShort = "TooShort";
        public const string WrongCloudDomain = "WrongCloudDomain";
    }

    // A verified domain: labels of letters, digits and hyphens, at least one dot, a TLD of letters.
    private static readonly Regex DomainRx = new(
        @"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    /// <summary>Characters that look like whitespace or are invisible, which copy-paste brings along.</summary>
    private static readonly char[] Invisible = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00A0'];

    public static CredentialInputResult Check(CloudKind cloud, string? tenantId, string? clientId, string? clientSecret)
    {
        var issues = new List<CredentialInputIssue>();

        var tenant = Clean(CredentialField.TenantId, tenantId, "Directory (tenant) ID", issues);
        var client = Clean(CredentialField.ClientId, clientId, "Application (client) ID", issues);
        var secret = Clean(CredentialField.ClientSecret, clientSecret, "Client secret", issues);

        // tenant: GUID or verified domain
        if (tenant.Length > 0)
        {
            if (TryGuid(tenant, out var g))
            {
                if (!string.Equals(g, tenant, StringComparison.Ordinal))
                    issues.Add(new(CredentialField.TenantId, Codes.Normalised, InputIssueSeverity.Info, "The tenant ID was rewritten in the standard form (no braces, lower case)."));
                tenant = g;
            }
            else if (HasWhitespace(tenant))
                issues.Add(new(CredentialField.TenantId, Codes.InnerWhitespace, InputIssueSeverity.Error, "The tenant ID contains spaces. Copy the Directory (tenant) ID from the app registration's Overview page."));
            else if (DomainRx.IsMatch(tenant))
            {
                tenant = tenant.ToLowerInvariant();
                if (cloud == CloudKind.AzurePublic && tenant.EndsWith(".onmschina.cn", StringComparison.Ordinal))
                    issues.Add(new(CredentialField.TenantId, Codes.WrongCloudDomain, InputIssueSeverity.Warning, "This is an Azure China domain (.onmschina.cn), but the cloud selected is Azure global."));
                else if (cloud == CloudKind.AzureChina && tenant.EndsWith(".onmicrosoft.com", StringComparison.Ordinal))
                    issues.Add(new(CredentialField.TenantId, Codes.WrongCloudDomain, InputIssueSeverity.Warning, "This is an Azure global domain (.onmicrosoft.com), but the cloud selected is Azure China."));
            }
            else
                issues.Add(new(CredentialField.TenantId, Codes.NotAGuidOrDomain, InputIssueSeverity.Error,
                    "The tenant ID must be a GUID like 72f988bf-86f1-41af-91ab-2d7cd011db47 (Directory (tenant) ID on the app registration's Overview page) or a verified domain like contoso.onmicrosoft.com."));
        }

        // client: GUID only
        if (client.Length > 0)
        {
            if (TryGuid(client, out var g))
            {
                if (!string.Equals(g, client, StringComparison.Ordinal))
                    issues.Add(new(CredentialField.ClientId, Codes.Normalised, InputIssueSeverity.Info, "The client ID was rewritten in the standard form (no braces, lower case)."));
                client = g;
                if (string.Equals(client, tenant, StringComparison.OrdinalIgnoreCase))
                    issues.Add(new(CredentialField.ClientId, Codes.SameAsTenant, InputIssueSeverity.Error,
                        "The client ID is the same as the tenant ID. Copy the Application (client) ID, not the Directory (tenant) ID."));
            }
            else
                issues.Add(new(CredentialField.ClientId, Codes.NotAGuid, InputIssueSeverity.Error,
                    "The client ID must be a GUID like 0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b: copy the Application (client) ID from the app registration's Overview page."));
        }

        // secret: a GUID here is almost certainly the Secret ID (or another ID), not the Value
        if (secret.Length > 0)
        {
            if (TryGuid(secret, out var g))
            {
                if (string.Equals(g, client, StringComparison.OrdinalIgnoreCase) || string.Equals(g, tenant, StringComparison.OrdinalIgnoreCase))
                    issues.Add(new(CredentialField.ClientSecret, Codes.SecretIsClientId, InputIssueSeverity.Error,
                        "This is the client or tenant ID, not a secret. In Certificates & secrets, copy the secret's Value."));
                else
                    issues.Add(new(CredentialField.ClientSecret, Codes.LooksLikeSecretId, InputIssueSeverity.Error,
                        "This looks like the Secret ID (a GUID), not the secret's Value. In the app registration's Certificates & secrets, copy the Value column — it is shown only right after the secret is created; if it is hidden, create a new secret."));
            }
            else if (HasWhitespace(secret))
                issues.Add(new(CredentialField.ClientSecret, Codes.InnerWhitespace, InputIssueSeverity.Error,
                    "The secret contains spaces or line breaks; Entra secrets never do. Copy the Value again."));
            else if (secret.Length < 16)
                issues.Add(new(CredentialField.ClientSecret, Codes.TooShort, InputIssueSeverity.Warning,
                    "The secret is shorter than Entra's client secrets (about 40 characters). Check that the whole Value was copied."));
        }

        return new CredentialInputResult(new CloudCredential(cloud, tenant, client, secret), issues);
    }

    private static string Clean(CredentialField field, string? value, string label, List<CredentialInputIssue> issues)
    {
        var raw = value ?? "";
        var stripped = raw;
        foreach (var c in Invisible) stripped = stripped.Replace(c.ToString(), "", StringComparison.Ordinal);
        var trimmed = stripped.Trim();
        if (trimmed.Length == 0)
        {
            issues.Add(new(field, Codes.Empty, InputIssueSeverity.Error, $"{label} is required."));
            return "";
        }
        if (trimmed.Length != raw.Length)
            issues.Add(new(field, Codes.Trimmed, InputIssueSeverity.Info, $"Spaces or invisible characters around the {label.ToLowerInvariant()} were removed."));
        // quotes pasted along with the value
        if (trimmed.Length >= 2 && (trimmed[0] == '"' && trimmed[^1] == '"' || trimmed[0] == '\'' && trimmed[^1] == '\''))
        {
            trimmed = trimmed[1..^1].Trim();
            issues.Add(new(field, Codes.Trimmed, InputIssueSeverity.Info, $"Quotes around the {label.ToLowerInvariant()} were removed."));
            if (trimmed.Length == 0)
            {
                issues.Add(new(field, Codes.Empty, InputIssueSeverity.Error, $"{label} is required."));
                return "";
            }
        }
        return trimmed;
    }

    private static bool HasWhitespace(string s) => s.Any(char.IsWhiteSpace);

    /// <summary>GUID in "D" form (with or without braces); returns the canonical lower-case "D" form.</summary>
    private static bool TryGuid(string s, out string canonical)
    {
        canonical = "";
        if (Guid.TryParseExact(s, "D", out var g) || Guid.TryParseExact(s, "B", out g))
        {
            canonical = g.ToString("D");
            return true;
        }
        return false;
    }
}
