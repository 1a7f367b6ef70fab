namespace Portal.Cspm;

/// <summary>ARM resource types the catalog reads (the sync should store these, each as its own <see cref="ResourceConfig"/>).</summary>
public static class ResourceTypes
{
    public const string Subscription = "Microsoft.Resources/subscriptions";
    public const string NetworkSecurityGroup = "Microsoft.Network/networkSecurityGroups";
    public const string SecurityRule = "Microsoft.Network/networkSecurityGroups/securityRules";
    public const string NetworkInterface = "Microsoft.Network/networkInterfaces";
    public const string VirtualNetwork = "Microsoft.Network/virtualNetworks";
    public const string Subnet = "Microsoft.Network/virtualNetworks/subnets";
    public const string PublicIp = "Microsoft.Network/publicIPAddresses";
    public const string LoadBalancer = "Microsoft.Network/loadBalancers";
    public const string NetworkWatcher = "Microsoft.Network/networkWatchers";
    public const string FlowLog = "Microsoft.Network/networkWatchers/flowLogs";
    public const string BastionHost = "Microsoft.Network/bastionHosts";
    public const string StorageAccount = "Microsoft.Storage/storageAccounts";
    public const string BlobService = "Microsoft.Storage/storageAccounts/blobServices";
    public const string QueueService = "Microsoft.Storage/storageAccounts/queueServices";
    public const string TableService = "Microsoft.Storage/storageAccounts/tableServices";
    public const string KeyVault = "Microsoft.KeyVault/vaults";
    public const string KeyVaultKey = "Microsoft.KeyVault/vaults/keys";
    public const string KeyVaultSecret = "Microsoft.KeyVault/vaults/secrets";
    public const string SqlServer = "Microsoft.Sql/servers";
    public const string SqlFirewallRule = "Microsoft.Sql/servers/firewallRules";
    public const string SqlAuditing = "Microsoft.Sql/servers/auditingSettings";
    public const string SqlAdministrator = "Microsoft.Sql/servers/administrators";
    public const string SqlEncryptionProtector = "Microsoft.Sql/servers/encryptionProtector";
    public const string SqlDatabase = "Microsoft.Sql/servers/databases";
    public const string SqlTde = "Microsoft.Sql/servers/databases/transparentDataEncryption";
    public const string PostgresFlexible = "Microsoft.DBforPostgreSQL/flexibleServers";
    public const string PostgresFlexibleConfig = "Microsoft.DBforPostgreSQL/flexibleServers/configurations";
    public const string PostgresFlexibleFirewall = "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules";
    public const string PostgresSingle = "Microsoft.DBforPostgreSQL/servers";
    public const string PostgresSingleConfig = "Microsoft.DBforPostgreSQL/servers/configurations";
    public const string MySqlFlexible = "Microsoft.DBforMySQL/flexibleServers";
    public const string MySqlFlexibleConfig = "Microsoft.DBforMySQL/flexibleServers/configurations";
    public const string CosmosAccount = "Microsoft.DocumentDB/databaseAccounts";
    public const string VirtualMachine = "Microsoft.Compute/virtualMachines";
    public const string VmExtension = "Microsoft.Compute/virtualMachines/extensions";
    public const string Disk = "Microsoft.Compute/disks";
    public const string WebSite = "Microsoft.Web/sites";
    public const string WebSiteConfig = "Microsoft.Web/sites/config";
    public const string WebBasicPublishingPolicy = "Microsoft.Web/sites/basicPublishingCredentialsPolicies";
    public const string ActivityLogAlert = "Microsoft.Insights/activityLogAlerts";
    public const string DiagnosticSetting = "Microsoft.Insights/diagnosticSettings";
    public const string AppInsights = "Microsoft.Insights/components";
    public const string Pricing = "Microsoft.Security/pricings";
    public const string SecuritySetting = "Microsoft.Security/settings";
    public const string AutoProvisioning = "Microsoft.Security/autoProvisioningSettings";
    public const string SecurityContact = "Microsoft.Security/securityContacts";
    public const string ServerVulnerabilityAssessmentSettings = "Microsoft.Security/serverVulnerabilityAssessmentsSettings";
    public const string RoleDefinition = "Microsoft.Authorization/roleDefinitions";
    public const string RoleAssignment = "Microsoft.Authorization/roleAssignments";
    public const string ClassicAdministrator = "Microsoft.Authorization/classicAdministrators";
}
