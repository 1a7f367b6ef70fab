using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using AzureSim.Seeds;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AzureSim;

/// <summary>An in-process AzureSim: Entra token endpoint + ARM over HTTPS on 127.0.0.1.</summary>
public sealed class AzureSimHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _thumbprint;

    private AzureSimHost(WebApplication app, SimState state, X509Certificate2 cert, Uri baseUri, AzureSimOptions options)
    {
        _app = app;
        State = state;
        Certificate = cert;
        AuthorityHost = baseUri;
        ArmEndpoint = baseUri;
        Options = options;
        _thumbprint = cert.GetCertHashString(HashAlgorithmName.SHA256);
    }

    public AzureSimOptions Options { get; }
    /// <summary>What Azure.Identity's AuthorityHost is set to, e.g. https://127.0.0.1:PORT/</summary>
    public Uri AuthorityHost { get; }
    /// <summary>The ArmEnvironment endpoint, e.g. https://127.0.0.1:PORT/</summary>
    public Uri ArmEndpoint { get; }
    /// <summary>The blob endpoint serving exported disks (beginGetAccess SAS URLs), e.g. https://127.0.0.1:PORT2/</summary>
    public Uri BlobEndpoint => State.BlobEndpoint!;
    /// <summary>"https://management.azure.com/" or "https://management.chinacloudapi.cn/" per cloud.</summary>
    public string ArmAudience => State.Cloud.ArmAudience;
    public SimCloud Cloud => State.Cloud.Cloud;
    public string TenantId => State.Tenants[0].Id;
    public string SubscriptionId { get; private set; } = "";
    public X509Certificate2 Certificate { get; }
    public SimState State { get; }
    /// <summary>ARM requests served.</summary>
    public int RequestCount => State.RequestCount;

    /// <summary>Clients (service principals) of the seed: id, secret, role names, whether the secret has expired.</summary>
    public IReadOnlyList<SimClientInfo> Clients => State.ClientRecords
        .OrderBy(c => _clientOrder.IndexOf(c.ClientId) is var i && i < 0 ? int.MaxValue : i)
        .Select(c => new SimClientInfo(
            c.ClientId,
            c.Secrets.FirstOrDefault()?.Value ?? "",
            State.AssignmentsFor(c.ObjectId).Select(x => x.R.RoleName).Distinct().ToList(),
            c.Secrets.All(s => s.ExpiresOn <= DateTimeOffset.UtcNow),
            c.DisplayName,
            c.ObjectId,
            c.TenantId)).ToList();

    private List<string> _clientOrder = [];

    /// <summary>Finds a seed client by display name (case-insensitive) or client id.</summary>
    public SimClientInfo Client(string displayNameOrId) =>
        Clients.FirstOrDefault(c => c.ClientId.Equals(displayNameOrId, StringComparison.OrdinalIgnoreCase) || c.DisplayName.Equals(displayNameOrId, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException(displayNameOrId);

    /// <summary>A handler that trusts exactly this simulator's certificate (thumbprint pin). Use it for SDK transports.</summary>
    public HttpClientHandler CreateTrustingHandler() => new()
    {
        ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            cert != null && string.Equals(cert.GetCertHashString(HashAlgorithmName.SHA256), _thumbprint, StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>The certificate in PEM (public part), for clients that trust a file.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    public static async Task<AzureSimHost> StartAsync(AzureSimOptions options, CancellationToken ct = default)
    {
        var cloud = CloudProfile.For(options.Cloud);
        var state = new SimState(cloud, options.Faults, options.RandomSeed, options.PageSize, options.TokenLifetime);
        var doc = SeedLoader.Resolve(options.Seed);
        SeedLoader.Load(state, doc);

        var cert = CreateCertificate();
        Uri? baseUri = null;
        Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions? armListen = null, blobListen = null;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "AzureSim", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 8 * 1024 * 1024;
            k.Listen(IPAddress.Loopback, options.Port, lo => { lo.UseHttps(cert); armListen = lo; });
            // the blob endpoint (exported disks' SAS URLs) has its own port, as Azure Storage has its own host
            k.Listen(IPAddress.Loopback, options.BlobPort, lo => { lo.UseHttps(cert); blobListen = lo; });
        });
        // No console lifetime: the simulator never takes over the process's SIGTERM/Ctrl+C handling (it may live inside the portal).
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, PassiveLifetime>();
        var app = builder.Build();
        var entra = new EntraEndpoint(state, () => baseUri!);
        var arm = new ArmServer(state, () => baseUri!);
        var blobs = new BlobServer(state);
        var blobPort = -1;
        AzureSimHost? host = null;
        app.Run(async ctx =>
        {
            if (ctx.Connection.LocalPort == Volatile.Read(ref blobPort))
            {
                await blobs.HandleAsync(ctx);
                return;
            }
            var path = ctx.Request.Path.Value ?? "/";
            if (path.StartsWith("/_sim/", StringComparison.OrdinalIgnoreCase) || path == "/_sim")
            {
                await Admin.HandleAsync(host!, ctx);
                return;
            }
            if (await entra.TryHandleAsync(ctx)) return;
            await arm.HandleAsync(ctx);
        });
        await app.StartAsync(ct);
        var port = armListen!.IPEndPoint!.Port;
        Volatile.Write(ref blobPort, blobListen!.IPEndPoint!.Port);
        baseUri = new Uri($"https://127.0.0.1:{port}/");
        state.Sas.Endpoint = new Uri($"https://127.0.0.1:{blobPort}/");
        host = new AzureSimHost(app, state, cert, baseUri, options)
        {
            SubscriptionId = doc.Subscriptions[0].Id,
            _clientOrder = doc.Clients.Select(c => c.ClientId).ToList(),
        };
        if (options.CertificateOutputPath != null)
            await File.WriteAllTextAsync(options.CertificateOutputPath, host.CertificatePem, ct);
        return host;
    }

    /// <summary>The JSON printed after AZURESIM_READY.</summary>
    public JsonObject ReadyInfo() => J.O(
        ("authority", AuthorityHost.ToString()),
        ("arm", ArmEndpoint.ToString()),
        ("blob", BlobEndpoint.ToString()),
        ("armAudience", ArmAudience),
        ("cloud", Cloud.ToString()),
        ("tenantId", TenantId),
        ("subscriptionId", SubscriptionId),
        ("certificateSha256", Certificate.GetCertHashString(HashAlgorithmName.SHA256)),
        ("clients", J.A(Clients.Select(c => (JsonNode?)J.O(
            ("clientId", c.ClientId), ("secret", c.Secret), ("roles", J.Strs(c.Roles)), ("expired", c.Expired), ("displayName", c.DisplayName))))));

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest("CN=AzureSim", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var tmp = req.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pfx = tmp.Export(X509ContentType.Pfx, "azuresim");
        return X509CertificateLoader.LoadPkcs12(pfx, "azuresim", X509KeyStorageFlags.Exportable);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed class PassiveLifetime : Microsoft.Extensions.Hosting.IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Admin endpoints under /_sim (no auth; loopback only).</summary>
internal static class Admin
{
    public static async Task HandleAsync(AzureSimHost host, HttpContext ctx)
    {
        var segs = (ctx.Request.Path.Value ?? "").Trim('/').Split('/');
        var st = host.State;
        async Task Json(int status, JsonNode body)
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "application/json; charset=utf-8";
            await ctx.Response.WriteAsync(body.ToJsonString());
        }
        var method = ctx.Request.Method;
        try
        {
            switch (segs.Length > 1 ? segs[1].ToLowerInvariant() : "")
            {
                case "info" when HttpMethods.IsGet(method):
                    await Json(200, host.ReadyInfo());
                    return;
                case "faults" when HttpMethods.IsGet(method):
                    await Json(200, JsonSerializer.SerializeToNode(st.Faults, J.Web)!);
                    return;
                case "faults" when HttpMethods.IsPost(method):
                {
                    var body = await JsonNode.ParseAsync(ctx.Request.Body) as JsonObject ?? new JsonObject();
                    var current = JsonSerializer.SerializeToNode(st.Faults, J.Web)!.AsObject();
                    J.Merge(current, body);
                    st.Faults = current.Deserialize<FaultOptions>(J.Web)!;
                    await Json(200, JsonSerializer.SerializeToNode(st.Faults, J.Web)!);
                    return;
                }
                case "throttle-next" when HttpMethods.IsPost(method):
                    st.ThrottleNext(int.Parse(ctx.Request.Query["count"].FirstOrDefault() ?? "1"), ctx.Request.Query["path"].FirstOrDefault());
                    ctx.Response.StatusCode = 204;
                    return;
                case "fail-next" when HttpMethods.IsPost(method):
                    st.FailNext(int.Parse(ctx.Request.Query["count"].FirstOrDefault() ?? "1"), int.Parse(ctx.Request.Query["status"].FirstOrDefault() ?? "500"), ctx.Request.Query["path"].FirstOrDefault());
                    ctx.Response.StatusCode = 204;
                    return;
                case "clients" when segs.Length == 4 && segs[3].Equals("expire-secret", StringComparison.OrdinalIgnoreCase) && HttpMethods.IsPost(method):
                    st.ExpireSecretNow(segs[2]);
                    ctx.Response.StatusCode = 204;
                    return;
                case "clients" when segs.Length == 4 && segs[3].Equals("secrets", StringComparison.OrdinalIgnoreCase) && HttpMethods.IsPost(method):
                    await Json(200, J.O(("secret", st.AddSecret(segs[2], TimeSpan.FromDays(180)))));
                    return;
                case "effective-rules" when HttpMethods.IsGet(method):
                    await Json(200, st.ComputeEffectiveSecurityGroups(ctx.Request.Query["nicId"].ToString()));
                    return;
                case "disks" when segs.Length == 3 && segs[2].Equals("content", StringComparison.OrdinalIgnoreCase) && HttpMethods.IsPost(method):
                {
                    // {"resourceId": disk/snapshot/image id, "path": raw or .gz image file, or "builtin:<name>"}
                    var body = await JsonNode.ParseAsync(ctx.Request.Body) as JsonObject ?? new JsonObject();
                    var id = body.Str("resourceId") ?? body.Str("diskId") ?? throw new FormatException("'resourceId' is required.");
                    var spec = body.Str("path") ?? throw new FormatException("'path' is required.");
                    if (st.GetResource(id) == null) throw new KeyNotFoundException($"No resource '{id}'.");
                    try { st.DiskContents.Set(id, spec); }
                    catch (ArgumentException ex) { throw new FormatException(ex.Message); }
                    catch (FileNotFoundException ex) { throw new FormatException(ex.Message); }
                    var img = st.DiskContents.Get(id)!;
                    await Json(200, J.O(("resourceId", id), ("image", img.Name), ("imageBytes", img.Length)));
                    return;
                }
                case "disks" when segs.Length == 3 && segs[2].Equals("content", StringComparison.OrdinalIgnoreCase) && HttpMethods.IsPut(method):
                {
                    // the image itself as the body (raw, or gzip with Content-Encoding: gzip), for ?resourceId=
                    var id = ctx.Request.Query["resourceId"].ToString();
                    if (string.IsNullOrEmpty(id)) throw new FormatException("'resourceId' is required.");
                    if (st.GetResource(id) == null) throw new KeyNotFoundException($"No resource '{id}'.");
                    if (ctx.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } lim) lim.MaxRequestBodySize = null;
                    var gz = ctx.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
                    var dir = Path.Combine(Path.GetTempPath(), "azuresim-disks", "uploads");
                    Directory.CreateDirectory(dir);
                    var file = Path.Combine(dir, Guid.NewGuid().ToString("N") + (gz ? ".img.gz" : ".img"));
                    await using (var fs = File.Create(file)) await ctx.Request.Body.CopyToAsync(fs, ctx.RequestAborted);
                    st.DiskContents.Set(id, file);
                    var img = st.DiskContents.Get(id)!;
                    await Json(200, J.O(("resourceId", id), ("image", img.Name), ("imageBytes", img.Length)));
                    return;
                }
                case "stats" when HttpMethods.IsGet(method):
                    await Json(200, J.O(("requestCount", st.RequestCount), ("resourceCount", st.ResourceCount)));
                    return;
            }
            await Json(404, J.O(("error", "unknown admin endpoint"), ("endpoints", J.Strs(["GET /_sim/info", "GET|POST /_sim/faults", "POST /_sim/throttle-next?count=N[&path=..]", "POST /_sim/fail-next?count=N&status=500[&path=..]", "POST /_sim/clients/{clientId}/expire-secret", "POST /_sim/clients/{clientId}/secrets", "GET /_sim/effective-rules?nicId=..", "GET /_sim/stats", "POST /_sim/disks/content {resourceId, path}", "PUT /_sim/disks/content?resourceId=.. (image as body)"]))));
        }
        catch (KeyNotFoundException ex)
        {
            await Json(404, J.O(("error", ex.Message)));
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            await Json(400, J.O(("error", ex.Message)));
        }
    }
}
