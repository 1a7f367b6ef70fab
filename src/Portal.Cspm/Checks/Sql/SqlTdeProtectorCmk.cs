using System.Net;

namespace Portal.Cspm.Checks.Sql;

public sealed class SqlTdeProtectorCmk : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-tde-protector-cmk", "SQL server TDE protector is not a customer-managed key", Severity.Medium, "SQL",
        ResourceTypes.SqlServer,
        "The server's encryption protector (Microsoft.Sql/servers/encryptionProtector/current) must have serverKeyType = AzureKeyVault.",
        "With a service-managed TDE protector the organisation cannot revoke access to the databases' data or control key rotation.",
        "SQL servers > select the server > Security > Transparent data encryption > 'Customer-managed key' > select the key vault key > Save.",
        "az sql server tde-key set -g <resource-group> -s <server> --server-key-type AzureKeyVault --kid <key-vault-key-id>",
        "5.1.3");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.SqlEncryptionProtector };

    protected override Outcome? Evaluate(ResourceConfig server, IResourceSet resources)
    {
        var p = resources.ChildrenOf(server.Id, ResourceTypes.SqlEncryptionProtector).FirstOrDefault();
        if (p is null) return Outcome.Fail("encryptionProtector not in the synced configuration (service-managed by default)");
        return Outcome.When(p.Json.Str("properties.serverKeyType").Is("AzureKeyVault"), "encryptionProtector/" + p.Name + ": " + p.Show("properties.serverKeyType"));
    }
}
