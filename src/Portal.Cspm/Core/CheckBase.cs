namespace Portal.Cspm;

/// <summary>The outcome of one resource's evaluation.</summary>
public readonly record struct Outcome(bool Passed, string Evidence)
{
    public static Outcome Pass(string evidence) => new(true, evidence);
    public static Outcome Fail(string evidence) => new(false, evidence);
    public static Outcome When(bool passed, string evidence) => new(passed, evidence);
}

/// <summary>Base of every check: its metadata plus the resource types its evaluation reads (documented in the coverage table so
/// the sync knows what to store).</summary>
public abstract class Check : ICheck
{
    public abstract CheckMetadata Metadata { get; }

    /// <summary>Resource types (besides <see cref="CheckMetadata.ResourceType"/>) this check reads.</summary>
    public virtual IReadOnlyList<string> Reads => Array.Empty<string>();

    public abstract IEnumerable<CheckResult> Evaluate(IResourceSet resources);

    protected CheckResult Result(string resourceId, Outcome o) =>
        new(Metadata.Id, resourceId, o.Passed ? CheckStatus.Passed : CheckStatus.Failed, o.Evidence);

    /// <summary>True for "1.2", "1.3", "TLS1_2", "TLSv1.2" and later.</summary>
    public static bool TlsAtLeast12(string? v)
    {
        if (v is null) return false;
        var digits = new string(v.Where(c => char.IsDigit(c) || c == '.' || c == '_').ToArray()).Replace('_', '.').Trim('.');
        return Version.TryParse(digits.Contains('.') ? digits : digits + ".0", out var ver) && ver >= new Version(1, 2);
    }

    protected static CheckMetadata Meta(string id, string title, Severity severity, string service, string resourceType,
        string description, string risk, string portal, string cli, params string[] cis) =>
        new(id, title, severity, service, resourceType, description, risk, portal, cli, cis);
}

/// <summary>A check evaluated once per resource of <see cref="CheckMetadata.ResourceType"/>. Returning null means "not applicable"
/// (e.g. a PHP-version check on a site that runs no PHP): no result is reported for that resource.</summary>
public abstract class ResourceCheck : Check
{
    public override IEnumerable<CheckResult> Evaluate(IResourceSet resources)
    {
        foreach (var r in resources.OfType(Metadata.ResourceType))
            if (Evaluate(r, resources) is { } o) yield return Result(r.Id, o);
    }

    protected abstract Outcome? Evaluate(ResourceConfig resource, IResourceSet resources);
}

/// <summary>A check about the subscription as a whole (an alert, a Defender plan, a diagnostic setting that must exist).
/// It reports exactly one result per subscription in the set, against the subscription scope "/subscriptions/{id}":
/// Failed when the required configuration is absent, with evidence saying what was looked for.</summary>
public abstract class SubscriptionCheck : Check
{
    public override IEnumerable<CheckResult> Evaluate(IResourceSet resources)
    {
        foreach (var sub in resources.SubscriptionIds)
            yield return Result(ArmId.SubscriptionScope(sub), Evaluate(sub, resources));
    }

    protected abstract Outcome Evaluate(string subscriptionId, IResourceSet resources);

    /// <summary>Resources of a type that belong to one subscription.</summary>
    protected static IEnumerable<ResourceConfig> InSubscription(IResourceSet resources, string type, string subscriptionId) =>
        resources.OfType(type).Where(r => r.SubscriptionId.Equals(subscriptionId, StringComparison.OrdinalIgnoreCase));
}
