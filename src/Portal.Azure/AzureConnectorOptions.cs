using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Portal.Domain.Cloud;

namespace Portal.Azure;

/// <summary>Settings of <see cref="AzureCloudConnector"/>. The defaults talk to the real Azure clouds.</summary>
public sealed class AzureConnectorOptions
{
    /// <summary>
    /// Endpoints to use instead of Azure's, per cloud (tests and the portal's demo mode point these at AzureSim).
    /// A cloud without an entry uses Azure's real endpoints.
    /// </summary>
    public IDictionary<CloudKind, AzureEndpointOverride> EndpointOverrides { get; } = new Dictionary<CloudKind, AzureEndpointOverride>();

    /// <summary>Retries of ARM calls (429 Retry-After and 5xx are retried by Azure.Core).</summary>
    public AzureRetrySettings ArmRetry { get; set; } = new() { MaxRetries = 4, Delay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30), NetworkTimeout = TimeSpan.FromSeconds(60) };

    /// <summary>Retries of token requests to Entra ID.</summary>
    public AzureRetrySettings IdentityRetry { get; set; } = new() { MaxRetries = 2, Delay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10), NetworkTimeout = TimeSpan.FromSeconds(30) };

    /// <summary>At most this many ARM requests in flight at once, over the whole connector.</summary>
    public int MaxConcurrentArmRequests { get; set; } = 8;

    /// <summary>Clients (credential + token cache + pipelines) kept per distinct credential.</summary>
    public int MaxCachedClients { get; set; } = 64;

    /// <summary>Sent in the User-Agent prefix of every request.</summary>
    public string ApplicationId { get; set; } = "SecurityPortal";

    /// <summary>api-version for Microsoft.Network lists (NICs, public IPs, virtual networks).</summary>
    public string NetworkApiVersion { get; set; } = "2024-07-01";

    /// <summary>Wait between polls of a long-running operation when Azure sends no Retry-After.</summary>
    public TimeSpan LongRunningPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a write waits for its long-running operation before it reports a timeout.</summary>
    public TimeSpan LongRunningTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>api-version for Microsoft.Compute/images lists (custom images).</summary>
    public string ComputeApiVersion { get; set; } = "2024-07-01";

    /// <summary>api-version for Azure Compute Gallery lists (galleries, image definitions, versions).</summary>
    public string GalleryApiVersion { get; set; } = "2023-07-03";

    /// <summary>Block size of ranged reads of a snapshot's SAS URL (512 KiB, as the reference scanners read).</summary>
    public int SnapshotReadBlockSize { get; set; } = 512 * 1024;

    /// <summary>Blocks kept in each snapshot reader's cache (64 x 512 KiB = 32 MiB per disk being read).</summary>
    public int SnapshotReadCacheBlocks { get; set; } = 64;

    /// <summary>Retries of a ranged read of a snapshot (5xx, timeouts; a 403 is not retried).</summary>
    public AzureRetrySettings BlobRetry { get; set; } = new() { MaxRetries = 3, Delay = TimeSpan.FromSeconds(0.5), MaxDelay = TimeSpan.FromSeconds(10), NetworkTimeout = TimeSpan.FromSeconds(60) };

    /// <summary>api-version for Microsoft.Authorization/permissions.</summary>
    public string AuthorizationApiVersion { get; set; } = "2022-04-01";

    /// <summary>Points every cloud at one endpoint set (a single AzureSim host).</summary>
    public AzureConnectorOptions OverrideAllClouds(AzureEndpointOverride endpoints)
    {
        foreach (var c in Enum.GetValues<CloudKind>()) EndpointOverrides[c] = endpoints;
        return this;
    }
}

/// <summary>Retry settings applied to Azure.Core's RetryOptions (exponential back-off; Retry-After honoured).</summary>
public sealed record AzureRetrySettings
{
    public int MaxRetries { get; init; } = 3;
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(0.8);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan NetworkTimeout { get; init; } = TimeSpan.FromSeconds(100);
}

/// <summary>
/// Where to find Entra ID and ARM instead of Azure's public endpoints, and how to trust them.
/// </summary>
public sealed class AzureEndpointOverride
{
    /// <summary>Entra authority host, e.g. https://127.0.0.1:5443/ (instance discovery is turned off for it).</summary>
    public required Uri AuthorityHost { get; init; }

    /// <summary>ARM endpoint, e.g. https://127.0.0.1:5443/.</summary>
    public required Uri ArmEndpoint { get; init; }

    /// <summary>The audience ARM expects in tokens, e.g. https://management.azure.com/.</summary>
    public required string ArmAudience { get; init; }

    /// <summary>Creates the handler the SDK sends through (e.g. AzureSim's trusting handler). Called once per override.</summary>
    public Func<HttpMessageHandler>? HandlerFactory { get; init; }

    /// <summary>A server certificate to trust in addition to the system's roots (e.g. AzureSim's self-signed one).</summary>
    public X509Certificate2? TrustedCertificate { get; init; }

    internal HttpMessageHandler CreateHandler()
    {
        if (HandlerFactory != null) return HandlerFactory();
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (TrustedCertificate is { } trusted)
        {
            var pin = trusted.GetCertHashString(HashAlgorithmName.SHA256);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None
                || (cert != null && string.Equals(cert.GetCertHashString(HashAlgorithmName.SHA256), pin, StringComparison.OrdinalIgnoreCase));
        }
        return handler;
    }
}
