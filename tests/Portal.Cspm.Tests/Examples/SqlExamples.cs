using System.Text.Json.Nodes;
using static Portal.Cspm.Tests.Arm;

namespace Portal.Cspm.Tests;

public static partial class Examples
{
    public const string SqlSub = "00000000-1111-2222-3333-444444444444";
    public const string SqlServerId = "/subscriptions/" + SqlSub + "/resourceGroups/firewallrulecrudtest-12/providers/Microsoft.Sql/servers/firewallrulecrudtest-6285";
    public const string TdeServerId = "/subscriptions/" + SqlSub + "/resourceGroups/security-tde-resourcegroup/providers/Microsoft.Sql/servers/securitytde";

    /// <summary>A SQL server (Servers_Get shape) with the id of FirewallRuleList.json's server.</summary>
    public static JsonNode SqlServer(string id = SqlServerId) => Parse($$$"""
        {"id":"{{{id}}}","name":"{{{id[(id.LastIndexOf('/') + 1)..]}}}","type":"Microsoft.Sql/servers","location":"japaneast","kind":"v12.0",
         "properties":{"administratorLogin":"dummylogin","version":"12.0","state":"Ready","fullyQualifiedDomainName":"x.database.windows.net",
           "minimalTlsVersion":"1.2","publicNetworkAccess":"Enabled"}}
        """);

    /// <summary>The firewall rules of FirewallRuleList.json (the first is 0.0.0.0 - 0.0.0.0).</summary>
    public static IEnumerable<JsonNode> FirewallRules(bool includeAllAzure = true) =>
        Body("sql/FirewallRuleList.json")["value"]!.AsArray().Select(n => n!.DeepClone()).Where(r => includeAllAzure || (string)r["properties"]!["endIpAddress"]! != "0.0.0.0");

    public static JsonNode SqlChild(string serverId, string type, string name, string propertiesJson) => Parse($$$"""
        {"id":"{{{serverId}}}/{{{type}}}/{{{name}}}","name":"{{{name}}}","type":"Microsoft.Sql/servers/{{{type}}}","properties":{{{propertiesJson}}}}
        """);

    public static JsonNode Auditing(string state, int retentionDays) =>
        SqlChild(SqlServerId, "auditingSettings", "Default", $$$"""{"state":"{{{state}}}","retentionDays":{{{retentionDays}}},"isAzureMonitorTargetEnabled":true,"storageEndpoint":"https://audit.blob.core.windows.net/"}""");

    private static IEnumerable<Example> Sql()
    {
        yield return Ex("azure-sql-auditing-enabled", SqlServerId, () => Set(SqlServer(), Auditing("Enabled", 90)), () => Set(SqlServer(), Auditing("Disabled", 0)), "Disabled");
        yield return Ex("azure-sql-audit-retention-90", SqlServerId, () => Set(SqlServer(), Auditing("Enabled", 0)), () => Set(SqlServer(), Auditing("Enabled", 30)), "= 30");
        yield return Ex("azure-sql-firewall-allow-azure-services", SqlServerId,
            () => Set(FirewallRules(includeAllAzure: false).Append(SqlServer())), () => Set(FirewallRules().Append(SqlServer())), "0.0.0.0 - 0.0.0.0");
        yield return Ex("azure-sql-firewall-internet", SqlServerId,
            () => Set(FirewallRules().Append(SqlServer())),
            () => Set(FirewallRules().Append(SqlServer()).Append(SqlChild(SqlServerId, "firewallRules", "everyone", """{"startIpAddress":"0.0.0.0","endIpAddress":"255.255.255.255"}"""))), "everyone");
        yield return Ex("azure-sql-tde-protector-cmk", SqlServerId,
            () => Set(SqlServer(), SqlChild(SqlServerId, "encryptionProtector", "current", """{"serverKeyName":"vault_key_v1","serverKeyType":"AzureKeyVault","uri":"https://vault.vault.azure.net/keys/key/v1"}""")),
            () => Set(SqlServer(), SqlChild(SqlServerId, "encryptionProtector", "current", """{"serverKeyName":"ServiceManaged","serverKeyType":"ServiceManaged"}""")), "ServiceManaged");
        yield return Ex("azure-sql-entra-admin", SqlServerId,
            () => Set(SqlServer().With("properties.administrators", Parse("""{"administratorType":"ActiveDirectory","principalType":"Group","login":"sql-admins","sid":"00000000-0000-0000-0000-000000000001","tenantId":"00000000-0000-0000-0000-000000000002","azureADOnlyAuthentication":true}"""))),
            () => Set(SqlServer()));
        // TransparentDataEncryptionGet.json: state Enabled, returned with the database's id (normalised by FromArmJson).
        var db = Parse($$$"""{"id":"{{{TdeServerId}}}/databases/testdb","name":"testdb","type":"Microsoft.Sql/servers/databases","location":"westus","properties":{"status":"Online"}}""");
        var tde = Body("sql/TransparentDataEncryptionGet.json");
        yield return Ex("azure-sql-database-tde", TdeServerId + "/databases/testdb",
            () => Set(db, tde), () => Set(db, tde.Copy().With("properties.state", "Disabled")), "Disabled");
        yield return Ex("azure-sql-min-tls", SqlServerId, () => Set(SqlServer()), () => Set(SqlServer().With("properties.minimalTlsVersion", "1.0")));
        yield return Ex("azure-sql-public-network-access", SqlServerId, () => Set(SqlServer().With("properties.publicNetworkAccess", "Disabled")), () => Set(SqlServer()));
    }
}
