namespace Portal.Domain.Cloud;

/// <summary>
/// An Entra app registration's client-secret credential. The secret never appears in
/// <see cref="ToString"/>, so the credential can be logged or put in an exception by mistake
/// without leaking it.
/// </summary>
public sealed record CloudCredential(CloudKind Cloud, string TenantId, string ClientId, string ClientSecret)
{
    public override string ToString() =>
        $"CloudCredential {{ Cloud = {Cloud}, TenantId = {TenantId}, ClientId = {ClientId}, ClientSecret = {Secrets.Mask(ClientSecret)} }}";

    /// <summary>Removes every occurrence of the secret from <paramref name="text"/> (for messages that came back from elsewhere).</summary>
    public string Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        if (string.IsNullOrEmpty(ClientSecret) || ClientSecret.Length < 4) return text;
        var scrubbed = text.Replace(ClientSecret, "***", StringComparison.Ordinal);
        var escaped = Uri.EscapeDataString(ClientSecret);
        return escaped == ClientSecret ? scrubbed : scrubbed.Replace(escaped, "***", StringComparison.Ordinal);
    }
}
