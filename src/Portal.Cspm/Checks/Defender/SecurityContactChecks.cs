namespace Portal.Cspm.Checks.Defender;

/// <summary>Base for the security contact (Microsoft.Security/securityContacts/default) settings, read from both API shapes
/// (2020-01-01-preview: alertNotifications; 2023-12-01-preview: notificationsSources).</summary>
public abstract class SecurityContactCheck : SubscriptionCheck
{
    protected abstract Outcome Evaluate(ResourceConfig contact);
    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var c = InSubscription(resources, ResourceTypes.SecurityContact, sub).OrderBy(x => x.Name.Is("default") ? 0 : 1).FirstOrDefault();
        return c is null ? Outcome.Fail("securityContacts/default not in the synced configuration: no security contact") : Evaluate(c);
    }
    protected const string Portal = "Microsoft Defender for Cloud > Environment settings > select the subscription > Email notifications > ";
}

public sealed class SecurityContactNotifyOwners : SecurityContactCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-defender-notify-owners", "Security alert emails are not sent to subscription Owners", Severity.Medium, "Defender",
        ResourceTypes.SecurityContact,
        "securityContacts/default properties.notificationsByRole must have state On and roles including Owner.",
        "Owners are not told about security alerts on their subscription.",
        Portal + "'All users with the following roles' = Owner > Save.",
        "az rest --method put --url \"https://management.azure.com/subscriptions/<subscription-id>/providers/Microsoft.Security/securityContacts/default?api-version=2023-12-01-preview\" --body '{\"properties\":{\"isEnabled\":true,\"emails\":\"<email>\",\"notificationsByRole\":{\"state\":\"On\",\"roles\":[\"Owner\"]},\"notificationsSources\":[{\"sourceType\":\"Alert\",\"minimalSeverity\":\"High\"}]}}'",
        "3.1.12");
    protected override Outcome Evaluate(ResourceConfig c)
    {
        var state = c.Json.Str("properties.notificationsByRole.state");
        var roles = c.Json.Strs("properties.notificationsByRole.roles").ToList();
        return Outcome.When(state.Is("On") && roles.Any(r => r.Is("Owner")), $"properties.notificationsByRole.state = {state ?? "(absent)"}, roles = [{string.Join(", ", roles)}]");
    }
}

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

public sealed class SecurityContactAlertSeverity : SecurityContactCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-defender-alert-severity-notifications", "Email notifications for high severity alerts are off", Severity.Medium, "Defender",
        ResourceTypes.SecurityContact,
        "securityContacts/default must notify about alerts of severity High (minimal severity High, Medium or Low): notificationsSources[sourceType=Alert].minimalSeverity or alertNotifications {state On, minimalSeverity}.",
        "High severity alerts sit unread in the portal.",
        Portal + "'Notify about alerts with the following severity (or higher)' = High > Save.",
        "az rest --method put --url \"https://management.azure.com/subscriptions/<subscription-id>/providers/Microsoft.Security/securityContacts/default?api-version=2023-12-01-preview\" --body '{\"properties\":{\"isEnabled\":true,\"emails\":\"<email>\",\"notificationsSources\":[{\"sourceType\":\"Alert\",\"minimalSeverity\":\"High\"}]}}'",
        "3.1.14");
    private static readonly string[] Ok = { "High", "Medium", "Low" };
    protected override Outcome Evaluate(ResourceConfig c)
    {
        if (c.Json.Bool("properties.isEnabled") == false) return Outcome.Fail("properties.isEnabled = false");
        var src = c.Json.Arr("properties.notificationsSources").FirstOrDefault(s => s.Str("sourceType").Is("Alert"));
        if (src.ValueKind == System.Text.Json.JsonValueKind.Object)
        {
            var sev = src.Str("minimalSeverity");
            return Outcome.When(Ok.Any(o => o.Is(sev)), $"properties.notificationsSources[Alert].minimalSeverity = {sev ?? "(absent)"}");
        }
        var state = c.Json.Str("properties.alertNotifications.state");
        var min = c.Json.Str("properties.alertNotifications.minimalSeverity");
        return Outcome.When(state.Is("On") && (min is null || Ok.Any(o => o.Is(min))), $"properties.alertNotifications.state = {state ?? "(absent)"}, minimalSeverity = {min ?? "(absent)"}");
    }
}
