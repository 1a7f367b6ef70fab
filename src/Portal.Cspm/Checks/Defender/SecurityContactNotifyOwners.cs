namespace Portal.Cspm.Checks.Defender;

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
