namespace Portal.Cspm.Checks.Defender;

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
            return Outcome.When(Ok.Any(o => sev.Is(o)), $"properties.notificationsSources[Alert].minimalSeverity = {sev ?? "(absent)"}");
        }
        var state = c.Json.Str("properties.alertNotifications.state");
        var min = c.Json.Str("properties.alertNotifications.minimalSeverity");
        return Outcome.When(state.Is("On") && (min is null || Ok.Any(o => o.Is(min))), $"properties.alertNotifications.state = {state ?? "(absent)"}, minimalSeverity = {min ?? "(absent)"}");
    }
}
