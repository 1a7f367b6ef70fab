namespace Portal.Cspm.Checks.Databases;

public sealed class MySqlFlexTlsVersion : ServerParameterCheck
{
    protected override string ConfigurationType => ResourceTypes.MySqlFlexibleConfig;
    protected override string Parameter => "tls_version";
    protected override bool Compliant(string v)
    {
        var versions = v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return versions.Length > 0 && versions.All(x => x.Is("TLSv1.2") || x.Is("TLSv1.3"));
    }
    public override CheckMetadata Metadata { get; } = Meta("azure-mysql-flexible-tls-version", "MySQL flexible server accepts TLS versions below 1.2", Severity.Medium, "SQL",
        ResourceTypes.MySqlFlexible, "Server parameter tls_version must list only TLSv1.2 and/or TLSv1.3.",
        "Clients can negotiate deprecated TLS 1.0/1.1.",
        Portal("Azure Database for MySQL flexible servers", "tls_version", "TLSv1.2 (and TLSv1.3)"), MySqlCli("tls_version", "TLSv1.2,TLSv1.3"), "5.3.2");
}
