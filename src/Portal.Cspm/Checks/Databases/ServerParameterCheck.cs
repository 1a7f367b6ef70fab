namespace Portal.Cspm.Checks.Databases;

/// <summary>Base for server-parameter checks of PostgreSQL/MySQL servers: the configuration child
/// ({server}/configurations/{parameter}, properties.value) must satisfy <see cref="Compliant"/>. A parameter that was not synced
/// fails with evidence saying so (the value cannot be shown as compliant).</summary>
public abstract class ServerParameterCheck : ResourceCheck
{
    protected abstract string ConfigurationType { get; }
    protected abstract string Parameter { get; }
    protected abstract bool Compliant(string value);
    public override IReadOnlyList<string> Reads => new[] { ConfigurationType };

    protected override Outcome? Evaluate(ResourceConfig server, IResourceSet resources)
    {
        var cfg = resources.ChildrenOf(server.Id, ConfigurationType).FirstOrDefault(c => c.Name.Is(Parameter));
        var value = cfg?.Json.Str("properties.value");
        if (value is null) return Outcome.Fail($"configurations/{Parameter} not in the synced configuration");
        return Outcome.When(Compliant(value), $"configurations/{Parameter}: properties.value = {value}");
    }

    protected static bool On(string v) => v.Is("on") || v.Is("true") || v == "1";

    protected static string PgFlexCli(string p, string v) => $"az postgres flexible-server parameter set -g <resource-group> -s <server> -n {p} --value {v}";
    protected static string PgSingleCli(string p, string v) => $"az postgres server configuration set -g <resource-group> -s <server> -n {p} --value {v}";
    protected static string MySqlCli(string p, string v) => $"az mysql flexible-server parameter set -g <resource-group> -s <server> -n {p} --value {v}";
    protected static string Portal(string service, string p, string v) => $"{service} > select the server > Settings > Server parameters > search '{p}' > set {v} > Save.";
}
