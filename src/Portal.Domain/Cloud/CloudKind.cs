namespace Portal.Domain.Cloud;

/// <summary>The Azure cloud an account lives in.</summary>
public enum CloudKind
{
    /// <summary>Azure global (login.microsoftonline.com, management.azure.com).</summary>
    AzurePublic,

    /// <summary>Azure China operated by 21Vianet (login.chinacloudapi.cn, management.chinacloudapi.cn).</summary>
    AzureChina,
}
