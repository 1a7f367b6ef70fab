using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace AzureSim;

internal static class B64Url
{
    public static string Encode(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    public static byte[] Decode(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        switch (s.Length % 4) { case 2: s += "=="; break; case 3: s += "="; break; }
        return Convert.FromBase64String(s);
    }
}

/// <summary>RS256 JWTs shaped like Entra's v1 access tokens for ARM.</summary>
internal static class Jwt
{
    public static string Issue(SimState state, SimClient client, string tenantId, string audience, TimeSpan lifetime, DateTimeOffset now)
    {
        var header = J.O(("typ", "JWT"), ("alg", "RS256"), ("x5t", state.KeyId), ("kid", state.KeyId));
        var iat = now.ToUnixTimeSeconds();
        var payload = J.O(
            ("aud", audience),
            ("iss", $"https://{state.Cloud.StsHost}/{tenantId}/"),
            ("iat", iat), ("nbf", iat), ("exp", (now + lifetime).ToUnixTimeSeconds()),
            ("aio", B64Url.Encode(RandomNumberGenerator.GetBytes(24))),
            ("app_displayname", client.DisplayName),
            ("appid", client.ClientId), ("azp", client.ClientId), ("appidacr", "1"),
            ("idp", $"https://{state.Cloud.StsHost}/{tenantId}/"),
            ("idtyp", "app"),
            ("oid", client.ObjectId), ("sub", client.ObjectId),
            ("rh", "0.AAAA" + B64Url.Encode(RandomNumberGenerator.GetBytes(18)) + "."),
            ("tid", tenantId),
            ("uti", B64Url.Encode(RandomNumberGenerator.GetBytes(16))),
            ("ver", "1.0"),
            ("xms_idrel", "7 14"),
            ("xms_tcdt", 1600000000));
        var h = B64Url.Encode(Encoding.UTF8.GetBytes(header.ToJsonString()));
        var p = B64Url.Encode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var sig = state.SigningKey.SignData(Encoding.ASCII.GetBytes(h + "." + p), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return h + "." + p + "." + B64Url.Encode(sig);
    }

    /// <summary>Validates the signature and returns the payload, or null when the token is malformed or not signed by this simulator.</summary>
    public static JsonObject? Validate(SimState state, string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3) return null;
        try
        {
            var sig = B64Url.Decode(parts[2]);
            if (!state.SigningKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), sig, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
                return null;
            return JsonNode.Parse(B64Url.Decode(parts[1])) as JsonObject;
        }
        catch (Exception) { return null; }
    }
}

/// <summary>Microsoft Entra ID v2 endpoints as MSAL uses them for the client-credentials flow.</summary>
internal sealed class EntraEndpoint(SimState state, Func<Uri> baseUri)
{
    private string Base => baseUri().ToString().TrimEnd('/');

    public async Task<bool> TryHandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "/";
        var segs = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segs.Length < 2) return false;
        var tenant = segs[0];
        var rest = string.Join('/', segs.Skip(1)).ToLowerInvariant();

        if (rest == "oauth2/v2.0/token" || rest == "oauth2/token")
        {
            if (!HttpMethods.IsPost(ctx.Request.Method)) { await Write(ctx, 405, J.O(("error", "invalid_request"))); return true; }
            await TokenAsync(ctx, tenant, v1: rest == "oauth2/token");
            return true;
        }
        if (rest is "v2.0/.well-known/openid-configuration" or ".well-known/openid-configuration")
        {
            await OpenIdConfigAsync(ctx, tenant, rest.StartsWith("v2.0"));
            return true;
        }
        if (rest is "discovery/v2.0/keys" or "discovery/keys")
        {
            await Write(ctx, 200, Jwks());
            return true;
        }
        if (rest == "discovery/instance" && tenant.Equals("common", StringComparison.OrdinalIgnoreCase))
        {
            // Instance discovery (only when a caller did not disable it): answer as Entra does for a known host.
            var host = baseUri().Authority;
            var ta = ctx.Request.Query["authorization_endpoint"].ToString();
            await Write(ctx, 200, J.O(
                ("tenant_discovery_endpoint", $"{Base}/{TenantFromAuthorize(ta)}/v2.0/.well-known/openid-configuration"),
                ("api-version", "1.1"),
                ("metadata", J.A([J.O(("preferred_network", host), ("preferred_cache", host), ("aliases", J.Strs([host])))]))));
            return true;
        }
        return false;
    }

    private static string TenantFromAuthorize(string url)
    {
        try { return new Uri(url).Segments.Skip(1).FirstOrDefault()?.Trim('/') ?? "common"; } catch { return "common"; }
    }

    private JsonObject Jwks()
    {
        var p = state.SigningKey.ExportParameters(false);
        var key = J.O(("kty", "RSA"), ("use", "sig"), ("kid", state.KeyId), ("x5t", state.KeyId),
            ("n", B64Url.Encode(p.Modulus!)), ("e", B64Url.Encode(p.Exponent!)), ("issuer", $"https://{state.Cloud.LoginHost}/{{tenantid}}/v2.0"));
        return J.O(("keys", J.A([key])));
    }

    private async Task OpenIdConfigAsync(HttpContext ctx, string tenantSeg, bool v2)
    {
        await Faults(ctx);
        if (state.Faults.TokenEndpointDown) { await Outage(ctx); return; }
        var t = state.FindTenant(tenantSeg);
        if (t == null && !IsMeta(tenantSeg))
        {
            await Write(ctx, 400, ErrorBody("invalid_tenant", 90002, TenantNotFound(tenantSeg)));
            return;
        }
        var tid = t?.Id ?? "{tenantid}";
        var a = $"{Base}/{tenantSeg}";
        var v = v2 ? "/v2.0" : "";
        await Write(ctx, 200, J.O(
            ("token_endpoint", $"{a}/oauth2{v}/token"),
            ("token_endpoint_auth_methods_supported", J.Strs(["client_secret_post", "private_key_jwt", "client_secret_basic"])),
            ("jwks_uri", $"{Base}/{tenantSeg}/discovery{v}/keys"),
            ("response_modes_supported", J.Strs(["query", "fragment", "form_post"])),
            ("subject_types_supported", J.Strs(["pairwise"])),
            ("id_token_signing_alg_values_supported", J.Strs(["RS256"])),
            ("response_types_supported", J.Strs(["code", "id_token", "code id_token", "id_token token"])),
            ("scopes_supported", J.Strs(["openid", "profile", "email", "offline_access"])),
            ("issuer", v2 ? $"https://{state.Cloud.LoginHost}/{tid}/v2.0" : $"https://{state.Cloud.StsHost}/{tid}/"),
            ("request_uri_parameter_supported", false),
            ("userinfo_endpoint", $"{state.Cloud.GraphAudience}/oidc/userinfo"),
            ("authorization_endpoint", $"{a}/oauth2{v}/authorize"),
            ("device_authorization_endpoint", $"{a}/oauth2{v}/devicecode"),
            ("http_logout_supported", true),
            ("frontchannel_logout_supported", true),
            ("end_session_endpoint", $"{a}/oauth2{v}/logout"),
            ("claims_supported", J.Strs(["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"])),
            ("kerberos_endpoint", $"{a}/kerberos"),
            ("tenant_region_scope", "NA"),
            ("cloud_instance_name", state.Cloud.Cloud == SimCloud.AzureChina ? "partner.microsoftonline.cn" : "microsoftonline.com"),
            ("cloud_graph_host_name", state.Cloud.Cloud == SimCloud.AzureChina ? "graph.chinacloudapi.cn" : "graph.windows.net"),
            ("msgraph_host", new Uri(state.Cloud.GraphAudience).Host),
            ("rbac_url", "https://pas.windows.net")));
    }

    private static bool IsMeta(string t) => t.Equals("common", StringComparison.OrdinalIgnoreCase) || t.Equals("organizations", StringComparison.OrdinalIgnoreCase);

    private async Task Faults(HttpContext ctx)
    {
        var f = state.Faults;
        if (f.LatencyMs > 0) await Task.Delay(f.LatencyMs, ctx.RequestAborted);
    }

    private Task Outage(HttpContext ctx) =>
        Write(ctx, 503, ErrorBody("temporarily_unavailable", 50001,
            "AADSTS50001: The service is temporarily unavailable. Please try again later."), retryAfter: true);

    private async Task TokenAsync(HttpContext ctx, string tenantSeg, bool v1)
    {
        await Faults(ctx);
        if (state.Faults.TokenEndpointDown) { await Outage(ctx); return; }

        IFormCollection form;
        try { form = await ctx.Request.ReadFormAsync(ctx.RequestAborted); }
        catch (Exception)
        {
            await Write(ctx, 400, ErrorBody("invalid_request", 900144, "AADSTS900144: The request body must contain the following parameter: 'grant_type'."));
            return;
        }
        string F(string k) => form.TryGetValue(k, out var v) ? v.ToString() : "";
        var grant = F("grant_type");
        var clientId = F("client_id");
        var secret = F("client_secret");
        var scope = F("scope");
        var resource = F("resource");

        // client_secret_basic
        var auth = ctx.Request.Headers.Authorization.ToString();
        if (auth.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var dec = Encoding.UTF8.GetString(Convert.FromBase64String(auth[6..].Trim()));
                var i = dec.IndexOf(':');
                if (i > 0) { clientId = Uri.UnescapeDataString(dec[..i]); secret = Uri.UnescapeDataString(dec[(i + 1)..]); }
            }
            catch (FormatException) { }
        }

        var tenant = state.FindTenant(tenantSeg);
        if (tenant == null)
        {
            await Write(ctx, 400, ErrorBody("invalid_request", 90002, TenantNotFound(tenantSeg)));
            return;
        }
        if (string.IsNullOrEmpty(grant))
        {
            await Write(ctx, 400, ErrorBody("invalid_request", 900144, "AADSTS900144: The request body must contain the following parameter: 'grant_type'."));
            return;
        }
        if (grant != "client_credentials")
        {
            await Write(ctx, 400, ErrorBody("unsupported_grant_type", 70003, $"AADSTS70003: The app requested an unsupported grant type '{grant}'."));
            return;
        }
        if (string.IsNullOrEmpty(clientId))
        {
            await Write(ctx, 400, ErrorBody("invalid_request", 900144, "AADSTS900144: The request body must contain the following parameter: 'client_id'."));
            return;
        }
        var client = state.FindClient(clientId);
        if (client == null || !client.TenantId.Equals(tenant.Id, StringComparison.OrdinalIgnoreCase))
        {
            await Write(ctx, 400, ErrorBody("unauthorized_client", 700016,
                $"AADSTS700016: Application with identifier '{clientId}' was not found in the directory '{tenant.DisplayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant."));
            return;
        }
        if (string.IsNullOrEmpty(secret))
        {
            await Write(ctx, 401, ErrorBody("invalid_client", 7000218,
                "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'."));
            return;
        }
        List<SimSecret> secrets;
        lock (state.Gate) secrets = client.Secrets.ToList();
        var match = secrets.FirstOrDefault(s => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(s.Value), Encoding.UTF8.GetBytes(secret)));
        if (match == null)
        {
            await Write(ctx, 401, ErrorBody("invalid_client", 7000215,
                $"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{client.ClientId}'."));
            return;
        }
        if (match.ExpiresOn <= DateTimeOffset.UtcNow)
        {
            await Write(ctx, 401, ErrorBody("invalid_client", 7000222,
                $"AADSTS7000222: The provided client secret keys for app '{client.ClientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds."));
            return;
        }

        // Resource from scope: "<resource>/.default" (the ARM client asks for "https://management.azure.com//.default").
        string aud;
        if (!v1)
        {
            var first = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
            if (!first.EndsWith("/.default", StringComparison.Ordinal))
            {
                await Write(ctx, 400, ErrorBody("invalid_scope", 1002012,
                    $"AADSTS1002012: The provided value for scope {first} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI)."));
                return;
            }
            aud = first[..^"/.default".Length];
        }
        else aud = resource;
        var known = KnownResource(aud);
        if (known == null)
        {
            await Write(ctx, 400, ErrorBody("invalid_resource", 500011,
                $"AADSTS500011: The resource principal named {aud} was not found in the tenant named {tenant.DisplayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant."));
            return;
        }

        var lifetime = state.TokenLifetime;
        var token = Jwt.Issue(state, client, tenant.Id, known, lifetime, DateTimeOffset.UtcNow);
        var secs = (int)lifetime.TotalSeconds;
        await Write(ctx, 200, J.O(("token_type", "Bearer"), ("expires_in", secs), ("ext_expires_in", secs), ("access_token", token)));
    }

    /// <summary>Maps a requested resource to the audience placed in the token (Entra keeps the caller's spelling).</summary>
    private string? KnownResource(string aud)
    {
        var trimmed = aud.TrimEnd('/');
        var arm = state.Cloud.ArmAudience.TrimEnd('/');
        var legacy = state.Cloud.AcceptedAudiences.Select(a => a.TrimEnd('/')).ToList();
        if (legacy.Any(l => l.Equals(trimmed, StringComparison.OrdinalIgnoreCase)))
            return aud.EndsWith('/') ? trimmed + "/" : trimmed;
        if (trimmed.Equals(state.Cloud.GraphAudience, StringComparison.OrdinalIgnoreCase)) return state.Cloud.GraphAudience;
        _ = arm;
        return null;
    }

    private static string TenantNotFound(string t) =>
        $"AADSTS90002: Tenant '{t}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.";

    private JsonObject ErrorBody(string error, int code, string description)
    {
        var trace = Guid.NewGuid().ToString();
        var corr = Guid.NewGuid().ToString();
        var now = DateTime.UtcNow;
        return J.O(
            ("error", error),
            ("error_description", $"{description} Trace ID: {trace} Correlation ID: {corr} Timestamp: {now:yyyy-MM-dd HH:mm:ss}Z"),
            ("error_codes", J.A([JsonValue.Create(code)])),
            ("timestamp", $"{now:yyyy-MM-dd HH:mm:ss}Z"),
            ("trace_id", trace),
            ("correlation_id", corr),
            ("error_uri", $"https://{state.Cloud.LoginHost}/error?code={code}"));
    }

    private static async Task Write(HttpContext ctx, int status, JsonObject body, bool retryAfter = false)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.Headers.CacheControl = "no-store, no-cache";
        ctx.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        if (retryAfter) ctx.Response.Headers.RetryAfter = "1";
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await ctx.Response.WriteAsync(body.ToJsonString());
    }
}
