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
