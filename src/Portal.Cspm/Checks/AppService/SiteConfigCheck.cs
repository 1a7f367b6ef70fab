using System.Text.Json;

namespace Portal.Cspm.Checks.AppService;

/// <summary>The site configuration of a web app: the config/web child resource (GET .../config/web) when synced, else the
/// properties.siteConfig embedded in the site (the list operation often returns it partially).</summary>
internal static class SiteConfig
{
    public static (JsonElement? Config, string Prefix) Of(ResourceConfig site, IResourceSet resources)
    {
        var web = resources.ChildrenOf(site.Id, ResourceTypes.WebSiteConfig).FirstOrDefault(c => c.Name.Is("web") || c.Id.EndsWith("/config/web", StringComparison.OrdinalIgnoreCase));
        if (web?.Json.At("properties") is { } p) return (p, "config/web: properties.");
        return (site.Json.At("properties.siteConfig"), "properties.siteConfig.");
    }

    public static ResourceConfig? Child(ResourceConfig site, IResourceSet resources, string name) =>
        resources.ChildrenOf(site.Id, ResourceTypes.WebSiteConfig).FirstOrDefault(c => c.Name.Is(name) || c.Id.EndsWith("/config/" + name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A check decided by one site-configuration value.</summary>
public abstract class SiteConfigCheck : ResourceCheck
{
    protected abstract string Setting { get; }
    protected abstract bool Compliant(string? value);
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.WebSiteConfig };

    protected override Outcome? Evaluate(ResourceConfig site, IResourceSet resources)
    {
        var (cfg, prefix) = SiteConfig.Of(site, resources);
        var value = cfg?.Str(Setting);
        var shown = value ?? (cfg is null ? "(absent: config/web and properties.siteConfig not in the synced configuration)" : "(absent)");
        return Outcome.When(Compliant(value), $"{prefix}{Setting} = {shown}");
    }
}

/// <summary>Language runtime of a site as (stack, version), from linuxFxVersion ("PHP|8.2", "JAVA|17-java17", "TOMCAT|10.1-java17")
/// or the Windows settings (phpVersion, pythonVersion, javaVersion, nodeVersion).</summary>
internal static class Runtime
{
    public static (string Stack, string Version, string Evidence)? Of(ResourceConfig site, IResourceSet resources, string stack)
    {
        var (cfg, prefix) = SiteConfig.Of(site, resources);
        if (cfg is not { } c) return null;
        var fx = c.Str("linuxFxVersion");
        if (!string.IsNullOrEmpty(fx) && fx.Contains('|'))
        {
            var parts = fx.Split('|', 2);
            var s = parts[0].ToUpperInvariant();
            var v = parts[1];
            if (stack == "JAVA" && s is "TOMCAT" or "JBOSSEAP" or "JAVA")
            {
                var j = v.IndexOf("java", StringComparison.OrdinalIgnoreCase);
                v = j >= 0 ? v[(j + 4)..] : s == "JAVA" ? v : "";
                return v.Length > 0 ? ("JAVA", v, $"{prefix}linuxFxVersion = {fx}") : null;
            }
            return s == stack ? (s, v, $"{prefix}linuxFxVersion = {fx}") : null;
        }
        var setting = stack switch { "PHP" => "phpVersion", "PYTHON" => "pythonVersion", "JAVA" => "javaVersion", "NODE" => "nodeVersion", _ => null };
        if (setting is null) return null;
        var val = c.Str(setting);
        if (string.IsNullOrWhiteSpace(val) || val.Is("Off")) return null;
        return (stack, val, $"{prefix}{setting} = {val}");
    }

    public static Version? Parse(string v)
    {
        var digits = new string(v.TrimStart('v', 'V').TakeWhile(ch => char.IsDigit(ch) || ch == '.').ToArray()).Trim('.');
        if (digits.Length == 0) return null;
        if (!digits.Contains('.')) digits += ".0";
        return Version.TryParse(digits, out var ver) ? ver : null;
    }
}

/// <summary>Oldest runtime versions still supported on App Service (as of 2026-11). Kept as data: update when a version reaches end of life.</summary>
public static class SupportedRuntimes
{
    public static readonly Version Php = new(8, 2);
    public static readonly Version Python = new(3, 11);
    public static readonly Version Java = new(17, 0);
    public static readonly Version Node = new(22, 0);
}

/// <summary>Base for "runtime X is a supported version" (9.7-9.9): sites that do not run the stack get no result.</summary>
public abstract class RuntimeVersionCheck : ResourceCheck
{
    protected abstract string Stack { get; }
    protected abstract Version Minimum { get; }
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.WebSiteConfig };

    protected override Outcome? Evaluate(ResourceConfig site, IResourceSet resources)
    {
        if (Runtime.Of(site, resources, Stack) is not { } rt) return null;
        var v = Runtime.Parse(rt.Version);
        return Outcome.When(v is not null && v >= Minimum, $"{rt.Evidence} (minimum supported {Minimum.ToString(2)})");
    }
}
