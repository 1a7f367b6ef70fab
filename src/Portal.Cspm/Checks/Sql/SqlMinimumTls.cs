using System.Net;

namespace Portal.Cspm.Checks.Sql;

public sealed class SqlMinimumTls : SettingCheck
{
    protected override string Path => "properties.minimalTlsVersion";
    protected override bool Compliant(string? v) => TlsAtLeast12(v);
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-min-tls", "SQL server minimal TLS version is below 1.2", Severity.Medium, "SQL",
        ResourceTypes.SqlServer,
        "properties.minimalTlsVersion must be 1.2 or higher ('None' or absent accepts TLS 1.0/1.1).",
        "Clients can negotiate deprecated TLS versions with known weaknesses.",
        "SQL servers > select the server > Security > Networking > Connectivity > Minimum TLS version = 1.2 > Save.",
        "az sql server update -g <resource-group> -n <server> --minimal-tls-version 1.2");
}
