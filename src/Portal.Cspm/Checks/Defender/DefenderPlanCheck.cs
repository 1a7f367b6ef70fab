namespace Portal.Cspm.Checks.Defender;

/// <summary>Base for "Defender plan X is On": Microsoft.Security/pricings/{plan} of the subscription has pricingTier = Standard.
/// A plan missing from the synced pricings is reported Failed (Free is the default).</summary>
public abstract class DefenderPlanCheck : SubscriptionCheck
{
    public abstract string Plan { get; }
    private CheckMetadata? _metadata;
    public sealed override CheckMetadata Metadata => _metadata ??= Build();
    protected abstract CheckMetadata Build();

    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var p = Pricing(resources, sub, Plan);
        if (p is null) return Outcome.Fail($"pricings/{Plan} not in the synced configuration (Free by default)");
        var tier = p.Json.Str("properties.pricingTier");
        var sub2 = p.Json.Str("properties.subPlan");
        return Outcome.When(tier.Is("Standard"), $"pricings/{Plan}: properties.pricingTier = {tier ?? "(absent)"}{(sub2 is null ? "" : ", subPlan = " + sub2)}");
    }

    public static ResourceConfig? Pricing(IResourceSet resources, string sub, string plan) =>
        InSubscription(resources, ResourceTypes.Pricing, sub).FirstOrDefault(p => p.Name.Is(plan));

    protected CheckMetadata Plan_(string id, string title, string cis, string risk, Severity severity = Severity.High) =>
        Meta(id, title, severity, "Defender", ResourceTypes.Pricing,
            $"Microsoft.Security/pricings/{Plan} must have properties.pricingTier = Standard.",
            risk,
            $"Microsoft Defender for Cloud > Environment settings > select the subscription > Defender plans > set the '{Plan}' plan to On > Save.",
            $"az security pricing create -n {Plan} --tier Standard",
            cis);
}
