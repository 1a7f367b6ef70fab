namespace Portal.Cspm.Checks.Defender;

/// <summary>Base for plan components that are pricing extensions (properties.extensions[name].isEnabled = True).</summary>
public abstract class DefenderExtensionCheck : SubscriptionCheck
{
    protected abstract string Plan { get; }
    protected abstract string Extension { get; }
    private CheckMetadata? _metadata;
    public sealed override CheckMetadata Metadata => _metadata ??= Build();
    protected abstract CheckMetadata Build();

    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var p = DefenderPlanCheck.Pricing(resources, sub, Plan);
        if (p is null || !p.Json.Str("properties.pricingTier").Is("Standard"))
            return Outcome.Fail($"pricings/{Plan}: pricingTier = {p?.Json.Str("properties.pricingTier") ?? "(absent)"} (the plan is off, so {Extension} is off)");
        var ext = p.Json.Arr("properties.extensions").FirstOrDefault(e => e.Str("name").Is(Extension));
        var on = ext.ValueKind == System.Text.Json.JsonValueKind.Object ? ext.Str("isEnabled") : null;
        return Outcome.When(on.Is("True"), $"pricings/{Plan}: extensions[{Extension}].isEnabled = {on ?? "(absent)"}");
    }

    protected string Portal => $"Microsoft Defender for Cloud > Environment settings > select the subscription > Defender plans > '{Plan}' Settings (Monitoring coverage) > turn '{Extension}' On > Continue > Save.";
    protected string Cli => $"az security pricing create -n {Plan} --tier Standard --extensions name={Extension} isEnabled=True";
}

/// <summary>Base for Microsoft.Security/settings/{name} (DataExportSettings) with properties.enabled = true.</summary>
public abstract class SecuritySettingCheck : SubscriptionCheck
{
    protected abstract string Setting { get; }
    private CheckMetadata? _metadata;
    public sealed override CheckMetadata Metadata => _metadata ??= Build();
    protected abstract CheckMetadata Build();
    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var s = InSubscription(resources, ResourceTypes.SecuritySetting, sub).FirstOrDefault(x => x.Name.Is(Setting));
        if (s is null) return Outcome.Fail($"settings/{Setting} not in the synced configuration");
        return Outcome.When(s.Json.Bool("properties.enabled") == true, $"settings/{Setting}: " + s.Show("properties.enabled"));
    }
}
