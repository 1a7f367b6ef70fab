using System.Net;

namespace Portal.Cspm.Checks.Sql;

public sealed class SqlAuditRetention : ResourceCheck
{
    public const int MinDays = 90;
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-audit-retention-90", "SQL server audit retention is shorter than 90 days", Severity.Medium, "SQL",
        ResourceTypes.SqlServer,
        "With auditing enabled, properties.retentionDays of auditingSettings/default must be 0 (unlimited) or at least 90.",
        "Breaches are often discovered months later; short audit retention destroys the evidence needed to scope them.",
        "SQL servers > select the server > Security > Auditing > Storage > Advanced properties > Retention (days) = 90 or more (0 = unlimited) > Save.",
        "az sql server audit-policy update -g <resource-group> -n <server> --state Enabled --bsts Enabled --storage-account <account> --retention-days 90",
        "5.1.6");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.SqlAuditing };

    protected override Outcome? Evaluate(ResourceConfig server, IResourceSet resources)
    {
        var audit = SqlAudit.Of(server, resources);
        if (audit is null) return Outcome.Fail("auditingSettings/default not in the synced configuration");
        if (!audit.Json.Str("properties.state").Is("Enabled")) return Outcome.Fail(audit.Show("properties.state") + " (no audit records are retained)");
        var days = audit.Json.Num("properties.retentionDays") ?? 0;
        return Outcome.When(days == 0 || days >= MinDays, $"properties.retentionDays = {days}{(days == 0 ? " (unlimited)" : "")}");
    }
}
