using System.Text.Json.Nodes;
using static Portal.Cspm.Tests.Arm;

namespace Portal.Cspm.Tests;

public static partial class Examples
{
    public const string PgFlexId = Rg + "/providers/Microsoft.DBforPostgreSQL/flexibleServers/pgflex";
    public const string PgSingleId = Rg + "/providers/Microsoft.DBforPostgreSQL/servers/pgsingle";
    public const string MySqlId = Rg + "/providers/Microsoft.DBforMySQL/flexibleServers/mysqlflex";
    public const string CosmosId = Rg + "/providers/Microsoft.DocumentDB/databaseAccounts/cosmos1";

    public static JsonNode Server(string id, string type) => Parse($$$"""
        {"id":"{{{id}}}","name":"{{{id[(id.LastIndexOf('/') + 1)..]}}}","type":"{{{type}}}","location":"westus","sku":{"name":"Standard_D2ds_v4","tier":"GeneralPurpose"},"properties":{"state":"Ready","version":"16"}}
        """);

    /// <summary>A server parameter (Configurations_Get shape).</summary>
    public static JsonNode Param(string serverId, string type, string name, string value) => Parse($$$"""
        {"id":"{{{serverId}}}/configurations/{{{name}}}","name":"{{{name}}}","type":"{{{type}}}/configurations",
         "properties":{"value":"{{{value}}}","source":"user-override","dataType":"Enumeration","isReadOnly":false}}
        """);

    private static Example ParamEx(string checkId, string serverId, string type, string name, string good, string bad) => Ex(checkId, serverId,
        () => Set(Server(serverId, type), Param(serverId, type, name, good)),
        () => Set(Server(serverId, type), Param(serverId, type, name, bad)), bad);

    private static IEnumerable<Example> Databases()
    {
        const string pg = "Microsoft.DBforPostgreSQL/flexibleServers", pgs = "Microsoft.DBforPostgreSQL/servers", my = "Microsoft.DBforMySQL/flexibleServers";
        yield return ParamEx("azure-postgresql-flexible-secure-transport", PgFlexId, pg, "require_secure_transport", "on", "off");
        yield return ParamEx("azure-postgresql-flexible-log-checkpoints", PgFlexId, pg, "log_checkpoints", "on", "off");
        yield return ParamEx("azure-postgresql-flexible-connection-throttling", PgFlexId, pg, "connection_throttle.enable", "on", "off");
        yield return ParamEx("azure-postgresql-flexible-log-retention", PgFlexId, pg, "logfiles.retention_days", "7", "3");
        var azureRule = Parse($$$"""{"id":"{{{PgFlexId}}}/firewallRules/AllowAllAzureServicesAndResourcesWithinAzureIps_2024-1-1_10-0-0","name":"AllowAllAzureServicesAndResourcesWithinAzureIps_2024-1-1_10-0-0","type":"Microsoft.DBforPostgreSQL/flexibleServers/firewallRules","properties":{"startIpAddress":"0.0.0.0","endIpAddress":"0.0.0.0"}}""");
        var officeRule = Parse($$$"""{"id":"{{{PgFlexId}}}/firewallRules/office","name":"office","type":"Microsoft.DBforPostgreSQL/flexibleServers/firewallRules","properties":{"startIpAddress":"203.0.113.1","endIpAddress":"203.0.113.20"}}""");
        yield return Ex("azure-postgresql-flexible-allow-azure-services", PgFlexId, () => Set(Server(PgFlexId, pg), officeRule), () => Set(Server(PgFlexId, pg), officeRule, azureRule), "AllowAllAzureServices");
        yield return ParamEx("azure-postgresql-single-log-connections", PgSingleId, pgs, "log_connections", "on", "off");
        yield return ParamEx("azure-postgresql-single-log-disconnections", PgSingleId, pgs, "log_disconnections", "ON", "OFF");
        yield return Ex("azure-postgresql-single-infrastructure-encryption", PgSingleId,
            () => Set(Server(PgSingleId, pgs).With("properties.infrastructureEncryption", "Enabled")),
            () => Set(Server(PgSingleId, pgs).With("properties.infrastructureEncryption", "Disabled")));
        yield return ParamEx("azure-mysql-flexible-secure-transport", MySqlId, my, "require_secure_transport", "ON", "OFF");
        yield return ParamEx("azure-mysql-flexible-tls-version", MySqlId, my, "tls_version", "TLSv1.2,TLSv1.3", "TLSv1,TLSv1.1,TLSv1.2");
        yield return ParamEx("azure-mysql-flexible-audit-log", MySqlId, my, "audit_log_enabled", "ON", "OFF");
        yield return ParamEx("azure-mysql-flexible-audit-connection-events", MySqlId, my, "audit_log_events", "CONNECTION,DDL", "DDL,DML");

        var cosmos = Parse($$$"""
            {"id":"{{{CosmosId}}}","name":"cosmos1","type":"Microsoft.DocumentDB/databaseAccounts","location":"West US","kind":"GlobalDocumentDB",
             "properties":{"databaseAccountOfferType":"Standard","publicNetworkAccess":"Enabled","isVirtualNetworkFilterEnabled":false,"ipRules":[],
               "virtualNetworkRules":[],"disableLocalAuth":false,"privateEndpointConnections":[]}}
            """);
        yield return Ex("azure-cosmosdb-selected-networks", CosmosId, () => Set(cosmos.Copy().With("properties.ipRules", Parse("""[{"ipAddressOrRange":"203.0.113.0/24"}]"""))), () => Set(cosmos));
        yield return Ex("azure-cosmosdb-private-endpoint", CosmosId,
            () => Set(cosmos.Copy().With("properties.privateEndpointConnections", Parse("""[{"id":"pec","name":"pec","properties":{"privateLinkServiceConnectionState":{"status":"Approved"}}}]"""))), () => Set(cosmos));
        yield return Ex("azure-cosmosdb-entra-rbac", CosmosId, () => Set(cosmos.Copy().With("properties.disableLocalAuth", true)), () => Set(cosmos));
    }
}
