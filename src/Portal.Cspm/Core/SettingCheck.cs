namespace Portal.Cspm;

/// <summary>A per-resource check decided by one setting of the resource's JSON; the evidence is "path = value"
/// ("(absent)" when ARM omits it, in which case <see cref="Compliant"/> receives null and decides per Azure's default).</summary>
public abstract class SettingCheck : ResourceCheck
{
    protected abstract string Path { get; }
    protected abstract bool Compliant(string? value);

    /// <summary>Return false to skip a resource (no result), e.g. a setting that only applies to some kinds.</summary>
    protected virtual bool Applies(ResourceConfig resource) => true;

    protected override Outcome? Evaluate(ResourceConfig resource, IResourceSet resources)
    {
        if (!Applies(resource)) return null;
        var value = resource.Json.Str(Path);
        return Outcome.When(Compliant(value), $"{Path} = {value ?? "(absent)"}");
    }
}
