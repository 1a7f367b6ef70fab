namespace Portal.Cspm.Checks.Defender;

public sealed class SecurityContactEmails : SecurityContactCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-defender-security-contact-email", "No additional security contact email is configured", Severity.Medium, "Defender",
        ResourceTypes.SecurityContact,
        "securityContacts/default properties.emails must contain at least one address (e.g. the security team's mailbox).",
        "Microsoft and Defender cannot reach the security team about incidents in the subscription.",
        Portal + "'Additional email addresses' = the security team's address > Save.",
        "az rest --method put --url \"https://management.azure.com/subscriptions/<subscription-id>/providers/Microsoft.Security/securityContacts/default?api-version=2023-12-01-preview\" --body '{\"properties\":{\"isEnabled\":true,\"emails\":\"security@contoso.com\",\"notificationsByRole\":{\"state\":\"On\",\"roles\":[\"Owner\"]}}}'",
        "3.1.13");
    protected override Outcome Evaluate(ResourceConfig c)
    {
        var emails = c.Json.Str("properties.emails") ?? c.Json.Str("properties.email");
        return Outcome.When(!string.IsNullOrWhiteSpace(emails) && emails.Contains('@'), $"properties.emails = {emails ?? "(absent)"}");
    }
}
