using System.Net;

namespace Portal.Cspm.Checks.Sql;

public sealed class SqlAuditingEnabled : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-auditing-enabled", "SQL server auditing is off", Severity.High, "SQL",
        ResourceTypes.SqlServer,
        "The server's auditing settings (Microsoft.Sql/servers/auditingSettings/default) must have state = Enabled.",
        "Without auditing, database logins, privilege changes and data access cannot be traced or alerted on.",
        "SQL servers > select the server > Security > Auditing > 'Enable Azure SQL Auditing' = On > choose Log Analytics/Storage/Event Hub > Save.",
        "az sql server audit-policy update -g <resource-group> -n <server> --state Enabled --lat-enabled true --lat-workspace-id <workspace-id>",
        "5.1.1");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.SqlAuditing };

    protected override Outcome? Evaluate(ResourceConfig server, IResourceSet resources)
    {
        var audit = SqlAudit.Of(server, resources);
        if (audit is null) return Outcome.Fail("auditingSettings/default not in the synced configuration: auditing not shown as enabled");
        return Outcome.When(audit.Json.Str("properties.state").Is("Enabled"), "auditingSettings/" + audit.Name + ": " + audit.Show("properties.state"));
    }
}
