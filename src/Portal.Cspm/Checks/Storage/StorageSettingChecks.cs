namespace Portal.Cspm.Checks.Storage;

public sealed class StorageSecureTransfer : SettingCheck
{
    protected override string Path => "properties.supportsHttpsTrafficOnly";
    protected override bool Compliant(string? v) => v is null || v.Is("true"); // API versions since 2019-04-01 default to true
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-secure-transfer", "Storage account does not require secure transfer (HTTPS)", Severity.High, "Storage",
        ResourceTypes.StorageAccount,
        "properties.supportsHttpsTrafficOnly must be true so that only HTTPS (and SMB 3 with encryption) requests are accepted.",
        "HTTP requests expose shared keys, SAS tokens and data to interception and tampering.",
        "Storage accounts > select the account > Settings > Configuration > 'Secure transfer required' = Enabled > Save.",
        "az storage account update -g <resource-group> -n <account> --https-only true",
        "4.1");
}

public sealed class StorageInfrastructureEncryption : SettingCheck
{
    protected override string Path => "properties.encryption.requireInfrastructureEncryption";
    protected override bool Compliant(string? v) => v.Is("true");
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-infrastructure-encryption", "Storage account infrastructure (double) encryption is disabled", Severity.Low, "Storage",
        ResourceTypes.StorageAccount,
        "properties.encryption.requireInfrastructureEncryption must be true so data is encrypted twice (service and infrastructure level, different keys/algorithms).",
        "A compromise of one encryption layer or key exposes the data at rest.",
        "Infrastructure encryption can only be chosen when the account is created: Storage accounts > Create > Encryption > 'Enable infrastructure encryption'; migrate the data to the new account.",
        "az storage account create -g <resource-group> -n <new-account> -l <region> --sku Standard_ZRS --require-infrastructure-encryption true",
        "4.2");
}

public sealed class StorageKeyRotationReminder : SettingCheck
{
    protected override string Path => "properties.keyPolicy.keyExpirationPeriodInDays";
    protected override bool Compliant(string? v) => int.TryParse(v, out var d) && d > 0 && d <= 90;
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-key-rotation-reminder", "Storage account key rotation reminder is not set (<= 90 days)", Severity.Medium, "Storage",
        ResourceTypes.StorageAccount,
        "properties.keyPolicy.keyExpirationPeriodInDays must be set (1-90) so Azure reminds to rotate the access keys.",
        "Access keys that are never rotated stay valid for ever once leaked.",
        "Storage accounts > select the account > Security + networking > Access keys > 'Set rotation reminder' > every 90 days.",
        "az storage account update -g <resource-group> -n <account> --key-exp-days 90",
        "4.3");
}

public sealed class StoragePublicNetworkAccess : SettingCheck
{
    protected override string Path => "properties.publicNetworkAccess";
    protected override bool Compliant(string? v) => v.Is("Disabled");
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-public-network-access", "Storage account public network access is not disabled", Severity.Medium, "Storage",
        ResourceTypes.StorageAccount,
        "properties.publicNetworkAccess must be Disabled; access then goes through private endpoints only.",
        "A storage account reachable from public networks can be attacked with leaked keys or SAS tokens from anywhere.",
        "Storage accounts > select the account > Security + networking > Networking > Public network access = Disabled > Save.",
        "az storage account update -g <resource-group> -n <account> --public-network-access Disabled",
        "4.6");
}

public sealed class StorageDefaultNetworkDeny : SettingCheck
{
    protected override string Path => "properties.networkAcls.defaultAction";
    protected override bool Compliant(string? v) => v.Is("Deny");
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-default-network-deny", "Storage account default network access rule is Allow", Severity.High, "Storage",
        ResourceTypes.StorageAccount,
        "properties.networkAcls.defaultAction must be Deny so only selected networks, IPs and trusted services can connect.",
        "With default action Allow, the data plane accepts connections from any network.",
        "Storage accounts > select the account > Networking > Firewalls and virtual networks > 'Enabled from selected virtual networks and IP addresses' > add the needed networks > Save.",
        "az storage account update -g <resource-group> -n <account> --default-action Deny",
        "4.7");
}

public sealed class StorageTrustedServices : SettingCheck
{
    protected override string Path => "properties.networkAcls.bypass";
    protected override bool Compliant(string? v) => v is not null && v.Split(',', StringSplitOptions.TrimEntries).Any(x => x.Is("AzureServices"));
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-trusted-services", "Storage account does not allow trusted Azure services", Severity.Low, "Storage",
        ResourceTypes.StorageAccount,
        "properties.networkAcls.bypass must include AzureServices so trusted Microsoft services (Backup, Monitor, Defender) keep working behind the firewall.",
        "Without the bypass, teams loosen the firewall (default Allow) to make logging/backup work.",
        "Storage accounts > select the account > Networking > Exceptions > tick 'Allow Azure services on the trusted services list to access this storage account' > Save.",
        "az storage account update -g <resource-group> -n <account> --bypass AzureServices",
        "4.8");
}

public sealed class StorageMinimumTls : SettingCheck
{
    protected override string Path => "properties.minimumTlsVersion";
    protected override bool Compliant(string? v) => TlsAtLeast12(v);
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-min-tls", "Storage account minimum TLS version is below 1.2", Severity.High, "Storage",
        ResourceTypes.StorageAccount,
        "properties.minimumTlsVersion must be TLS1_2 or later (absent means TLS 1.0 on older accounts).",
        "TLS 1.0/1.1 have known weaknesses (BEAST, POODLE-style downgrade) and are deprecated.",
        "Storage accounts > select the account > Settings > Configuration > 'Minimum TLS version' = Version 1.2 > Save.",
        "az storage account update -g <resource-group> -n <account> --min-tls-version TLS1_2",
        "4.15");
}

public sealed class StorageCrossTenantReplication : SettingCheck
{
    protected override string Path => "properties.allowCrossTenantReplication";
    protected override bool Compliant(string? v) => !v.Is("true"); // absent: false (default since API 2023-01-01)
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-cross-tenant-replication", "Storage account allows cross-tenant object replication", Severity.Medium, "Storage",
        ResourceTypes.StorageAccount,
        "properties.allowCrossTenantReplication must be false.",
        "Object replication to a storage account in another Entra tenant can silently copy data out of the organisation.",
        "Storage accounts > select the account > Data management > Object replication > Advanced settings > untick 'Allow cross-tenant replication' > OK.",
        "az storage account update -g <resource-group> -n <account> --allow-cross-tenant-replication false",
        "4.16");
}

public sealed class StorageBlobAnonymousAccess : SettingCheck
{
    protected override string Path => "properties.allowBlobPublicAccess";
    protected override bool Compliant(string? v) => !v.Is("true"); // absent: false on current API versions
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-blob-public-access", "Storage account allows anonymous (public) blob access", Severity.High, "Storage",
        ResourceTypes.StorageAccount,
        "properties.allowBlobPublicAccess must be false so no container can be made anonymously readable.",
        "Containers set to public access leak their blobs to anyone with the URL; this is a frequent cause of data breaches.",
        "Storage accounts > select the account > Settings > Configuration > 'Allow Blob anonymous access' = Disabled > Save.",
        "az storage account update -g <resource-group> -n <account> --allow-blob-public-access false",
        "4.17");
}

public sealed class StorageSharedKeyAccess : SettingCheck
{
    protected override string Path => "properties.allowSharedKeyAccess";
    protected override bool Compliant(string? v) => v.Is("false"); // absent: null, which Azure treats as true
    public override CheckMetadata Metadata { get; } = Meta("azure-storage-shared-key-access", "Storage account allows shared key (access key) authorization", Severity.Medium, "Storage",
        ResourceTypes.StorageAccount,
        "properties.allowSharedKeyAccess must be false so every request is authorized with Microsoft Entra ID (absent means allowed).",
        "Account keys and key-signed SAS tokens grant full, unaudited access and cannot be scoped to an identity.",
        "Storage accounts > select the account > Settings > Configuration > 'Allow storage account key access' = Disabled > Save (move clients to Entra ID first).",
        "az storage account update -g <resource-group> -n <account> --allow-shared-key-access false");
}
