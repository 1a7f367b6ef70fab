namespace Portal.Cspm.Checks.IAM;

public sealed class GuestClassicAdministrator : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-iam-guest-administrator", "Guest account is a classic subscription administrator", Severity.High, "IAM",
        ResourceTypes.ClassicAdministrator,
        "Classic administrators (Microsoft.Authorization/classicAdministrators: Service Administrator / Co-Administrator, which have Owner rights) must not be guest (external, '#EXT#') accounts. Guest status is only visible here: ARM role assignments carry object ids, not user types.",
        "External accounts are governed by another organisation's identity lifecycle; with Owner-equivalent rights they are a back door into the subscription.",
        "Subscriptions > select the subscription > Access control (IAM) > Classic administrators > remove the guest co-administrator (and move remaining classic admins to Azure RBAC).",
        "az role assignment list --include-classic-administrators --query \"[?principalName contains '#EXT#']\"; remove with the portal (Classic administrators blade)");

    protected override Outcome? Evaluate(ResourceConfig admin, IResourceSet resources)
    {
        var email = admin.Json.Str("properties.emailAddress") ?? "";
        var guest = email.Contains("#EXT#", StringComparison.OrdinalIgnoreCase);
        return Outcome.When(!guest, $"properties.emailAddress = {email}, role = {admin.Json.Str("properties.role") ?? "(absent)"}");
    }
}
