namespace AzureSim;

/// <summary>Per-cloud constants (audiences, DNS suffixes, regions).</summary>
internal sealed class CloudProfile
{
    public required SimCloud Cloud { get; init; }
    public required string ArmAudience { get; init; }          // with trailing slash
    public required string[] AcceptedAudiences { get; init; }
    public required string LoginHost { get; init; }            // login.microsoftonline.com
    public required string StsHost { get; init; }              // sts.windows.net
    public required string StorageSuffix { get; init; }
    public required string VaultSuffix { get; init; }
    public required string SqlSuffix { get; init; }
    public required string WebSuffix { get; init; }
    public required string GraphAudience { get; init; }
    public required (string Name, string Display, string Geo, string Lat, string Lon, string Physical, string Paired)[] Regions { get; init; }

    public static readonly CloudProfile Public = new()
    {
        Cloud = SimCloud.AzurePublic,
        ArmAudience = "https://management.azure.com/",
        AcceptedAudiences = ["https://management.azure.com/", "https://management.azure.com", "https://management.core.windows.net/", "https://management.core.windows.net"],
        LoginHost = "login.microsoftonline.com",
        StsHost = "sts.windows.net",
        StorageSuffix = "core.windows.net",
        VaultSuffix = "vault.azure.net",
        SqlSuffix = "database.windows.net",
        WebSuffix = "azurewebsites.net",
        GraphAudience = "https://graph.microsoft.com",
        Regions =
        [
            ("eastus", "East US", "US", "37.3719", "-79.8164", "Virginia", "westus"),
            ("eastus2", "East US 2", "US", "36.6681", "-78.3889", "Virginia", "centralus"),
            ("westus", "West US", "US", "37.783", "-122.417", "California", "eastus"),
            ("westus2", "West US 2", "US", "47.233", "-119.852", "Washington", "westcentralus"),
            ("centralus", "Central US", "US", "41.5908", "-93.6208", "Iowa", "eastus2"),
            ("northeurope", "North Europe", "Europe", "53.3478", "-6.2597", "Ireland", "westeurope"),
            ("westeurope", "West Europe", "Europe", "52.3667", "4.9", "Netherlands", "northeurope"),
            ("uksouth", "UK South", "Europe", "50.941", "-0.799", "London", "ukwest"),
            ("southeastasia", "Southeast Asia", "Asia Pacific", "1.283", "103.833", "Singapore", "eastasia"),
            ("japaneast", "Japan East", "Asia Pacific", "35.68", "139.77", "Tokyo, Saitama", "japanwest"),
            ("australiaeast", "Australia East", "Asia Pacific", "-33.86", "151.2094", "New South Wales", "australiasoutheast"),
        ],
    };

    public static readonly CloudProfile China = new()
    {
        Cloud = SimCloud.AzureChina,
        ArmAudience = "https://management.chinacloudapi.cn/",
        AcceptedAudiences = ["https://management.chinacloudapi.cn/", "https://management.chinacloudapi.cn", "https://management.core.chinacloudapi.cn/", "https://management.core.chinacloudapi.cn"],
        LoginHost = "login.chinacloudapi.cn",
        StsHost = "sts.chinacloudapi.cn",
        StorageSuffix = "core.chinacloudapi.cn",
        VaultSuffix = "vault.azure.cn",
        SqlSuffix = "database.chinacloudapi.cn",
        WebSuffix = "chinacloudsites.cn",
        GraphAudience = "https://microsoftgraph.chinacloudapi.cn",
        Regions =
        [
            ("chinaeast", "China East", "Asia Pacific", "31.2304", "121.4737", "Shanghai", "chinanorth"),
            ("chinanorth", "China North", "Asia Pacific", "39.9042", "116.4074", "Beijing", "chinaeast"),
            ("chinaeast2", "China East 2", "Asia Pacific", "31.2304", "121.4737", "Shanghai2", "chinanorth2"),
            ("chinanorth2", "China North 2", "Asia Pacific", "39.9042", "116.4074", "Beijing2", "chinaeast2"),
            ("chinaeast3", "China East 3", "Asia Pacific", "31.2304", "121.4737", "Shanghai3", "chinanorth3"),
            ("chinanorth3", "China North 3", "Asia Pacific", "39.9042", "116.4074", "Hebei", "chinaeast3"),
        ],
    };

    public static CloudProfile For(SimCloud c) => c == SimCloud.AzureChina ? China : Public;

    /// <summary>Maps a public-cloud region used in a seed to this cloud's region (China mode).</summary>
    public string MapRegion(string region)
    {
        if (Regions.Any(r => r.Name.Equals(region, StringComparison.OrdinalIgnoreCase)) || region.Equals("global", StringComparison.OrdinalIgnoreCase))
            return region;
        var idx = (int)((uint)StringComparer.OrdinalIgnoreCase.GetHashCode(region) % (uint)Regions.Length);
        // deterministic across runs: use a stable hash
        uint h = 2166136261; foreach (var ch in region.ToLowerInvariant()) { h ^= ch; h *= 16777619; }
        idx = (int)(h % (uint)Regions.Length);
        return Regions[idx].Name;
    }
}
