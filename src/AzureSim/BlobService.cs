using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AzureSim;

/// <summary>Read (or write) access granted by beginGetAccess: one SAS URL to the exported page blob of a disk or snapshot.</summary>
internal sealed record SasGrant(
    string Account, string Container, string Blob, string ResourceId, string Permissions,
    DateTimeOffset Start, DateTimeOffset Expiry, string Si, long DiskSize, Guid UniqueId, DateTimeOffset Created);

/// <summary>The grants of an instance, and the signing key behind their signatures.</summary>
internal sealed class SasGrants
{
    private const string Sv = "2018-03-28";
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, SasGrant> _byAccount = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The blob service's base URI (https://127.0.0.1:PORT/), set when the host has started.</summary>
    public Uri? Endpoint { get; set; }

    public int Count => _byAccount.Count;

    public string Issue(string resourceId, string permissions, TimeSpan duration, long diskSize, Guid uniqueId, DateTimeOffset created)
    {
        var now = DateTimeOffset.UtcNow;
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
        var g = new SasGrant(
            "md-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant(),
            Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant(),
            "abcd", resourceId, permissions, start, start + duration, Guid.NewGuid().ToString(), diskSize, uniqueId, created);
        _byAccount[g.Account] = g;
        var baseUri = Endpoint ?? throw new InvalidOperationException("The blob endpoint has not started.");
        return $"{baseUri}{g.Account}/{g.Container}/{g.Blob}?sv={Sv}&sr=b&si={g.Si}&sig={Uri.EscapeDataString(Sign(g))}&st={Iso(g.Start)}&se={Iso(g.Expiry)}&sp={g.Permissions}";
    }

    /// <summary>endGetAccess (and delete): every SAS of the resource stops working at once.</summary>
    public int Revoke(string resourceId)
    {
        var n = 0;
        foreach (var (k, g) in _byAccount)
            if (g.ResourceId.Equals(resourceId, StringComparison.OrdinalIgnoreCase) && _byAccount.TryRemove(k, out _)) n++;
        return n;
    }

    public SasGrant? Find(string account) => _byAccount.GetValueOrDefault(account);

    public string StringToSign(SasGrant g) => $"{g.Permissions}\n{Iso(g.Start)}\n{Iso(g.Expiry)}\n/blob/{g.Account}/{g.Container}/{g.Blob}\n{g.Si}\n{Sv}\nb";

    public string Sign(SasGrant g) => Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(StringToSign(g))));

    /// <summary>The signature the query carries, recomputed over the query's own fields (a tampered field no longer matches).</summary>
    public bool Verify(SasGrant g, IQueryCollection q)
    {
        string Q(string k) => q[k].ToString();
        var claimed = new SasGrant(g.Account, g.Container, g.Blob, g.ResourceId, Q("sp"),
            ParseIso(Q("st")) ?? DateTimeOffset.MinValue, ParseIso(Q("se")) ?? DateTimeOffset.MinValue, Q("si"), g.DiskSize, g.UniqueId, g.Created);
        if (Q("sv") != Sv || Q("sr") != "b") return false;
        var expected = Convert.FromBase64String(Sign(claimed));
        byte[] given;
        try { given = Convert.FromBase64String(Q("sig")); }
        catch (FormatException) { return false; }
        return CryptographicOperations.FixedTimeEquals(expected, given) && claimed.Permissions == g.Permissions && claimed.Si == g.Si
            && claimed.Start == g.Start && claimed.Expiry == g.Expiry;
    }

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseIso(string s) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
}

/// <summary>
/// The blob endpoint of the simulator (its own HTTPS port, IP-style URLs as Azurite serves them:
/// https://127.0.0.1:PORT/&lt;account&gt;/&lt;container&gt;/&lt;blob&gt;): GET (whole or ranged) and HEAD of the page blob a
/// granted disk or snapshot is exported as, with Azure Storage's headers and error bodies.
/// </summary>
internal sealed class BlobServer(SimState state)
{
    private const string Server = "Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0";

    public async Task HandleAsync(HttpContext ctx)
    {
        var req = ctx.Request;
        var res = ctx.Response;
        var requestId = Guid.NewGuid().ToString();
        res.Headers["x-ms-request-id"] = requestId;
        res.Headers["Server"] = Server;
        res.Headers.Date = DateTimeOffset.UtcNow.ToString("R");
        var version = req.Headers["x-ms-version"].ToString();
        res.Headers["x-ms-version"] = string.IsNullOrEmpty(version) ? req.Query["sv"].ToString() : version;
        if (req.Headers.TryGetValue("x-ms-client-request-id", out var cid)) res.Headers["x-ms-client-request-id"] = cid.ToString();
        var f = state.Faults;
        if (f.LatencyMs > 0) await Task.Delay(f.LatencyMs, ctx.RequestAborted);
        // faults queued with POST /_sim/fail-next or /_sim/throttle-next whose path matches (a blob path starts with /md-)
        var queued = state.TakeQueuedFault((req.Path.Value ?? "") + req.QueryString.Value, requirePath: true);
        if (queued == 429)
        {
            res.Headers["Retry-After"] = "1";
            await ErrorAsync(ctx, 503, "ServerBusy", "The server is busy.", requestId);
            return;
        }
        if (queued is >= 500)
        {
            await ErrorAsync(ctx, queued.Value, queued == 503 ? "ServerBusy" : "InternalError",
                queued == 503 ? "The server is busy." : "The server encountered an internal error. Please retry the request.", requestId);
            return;
        }

        var segs = (req.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segs.Length != 3)
        {
            await ErrorAsync(ctx, 400, "InvalidUri", "The requested URI does not represent any resource on the server.", requestId);
            return;
        }
        var grant = state.Sas.Find(segs[0]);
        if (string.IsNullOrEmpty(req.Query["sig"]))
        {
            // no SAS at all: the export container is private
            await ErrorAsync(ctx, 404, "ResourceNotFound", "The specified resource does not exist.", requestId);
            return;
        }
        if (grant == null)
        {
            await ErrorAsync(ctx, 403, "AuthenticationFailed", AuthMessage, requestId,
                "The access to this disk export has been revoked (endGetAccess) or was never granted.");
            return;
        }
        if (!segs[1].Equals(grant.Container, StringComparison.Ordinal) || !segs[2].Equals(grant.Blob, StringComparison.Ordinal) || !state.Sas.Verify(grant, req.Query))
        {
            await ErrorAsync(ctx, 403, "AuthenticationFailed", AuthMessage, requestId,
                $"Signature did not match. String to sign used was {state.Sas.StringToSign(grant).Replace("\n", "\\n")}");
            return;
        }
        var now = DateTimeOffset.UtcNow;
        if (now > grant.Expiry || now < grant.Start.AddMinutes(-15))
        {
            await ErrorAsync(ctx, 403, "AuthenticationFailed", AuthMessage, requestId,
                $"Signature not valid in the specified time frame: Start [{grant.Start:R}] - Expiry [{grant.Expiry:R}] - Current [{now:R}]");
            return;
        }
        if (!HttpMethods.IsGet(req.Method) && !HttpMethods.IsHead(req.Method))
        {
            if (!grant.Permissions.Contains('w'))
                await ErrorAsync(ctx, 403, "AuthorizationPermissionMismatch", "This request is not authorized to perform this operation using this permission.", requestId);
            else
                await ErrorAsync(ctx, 501, "NotImplemented", "AzureSim serves disk exports read-only.", requestId);
            return;
        }

        var blob = new VhdBlob(state.DiskContents.Get(grant.ResourceId), grant.DiskSize, grant.UniqueId, grant.Created);
        var total = blob.Length;
        res.Headers["x-ms-blob-type"] = "PageBlob";
        res.Headers["x-ms-blob-sequence-number"] = "0";
        res.Headers["x-ms-lease-status"] = "unlocked";
        res.Headers["x-ms-lease-state"] = "available";
        res.Headers["x-ms-server-encrypted"] = "true";
        res.Headers["x-ms-creation-time"] = grant.Created.ToString("R");
        res.Headers["Accept-Ranges"] = "bytes";
        res.Headers.ETag = $"\"0x{grant.Created.UtcTicks:X15}\"";
        res.Headers.LastModified = grant.Created.ToString("R");
        res.ContentType = "application/octet-stream";

        var rangeHeader = req.Headers["x-ms-range"].ToString();
        if (string.IsNullOrEmpty(rangeHeader)) rangeHeader = req.Headers.Range.ToString();
        long start = 0, end = total - 1;
        var ranged = false;
        if (!string.IsNullOrEmpty(rangeHeader) && !HttpMethods.IsHead(req.Method))
        {
            if (!TryParseRange(rangeHeader, total, out start, out end, out var unsatisfiable))
            {
                await ErrorAsync(ctx, 400, "InvalidHeaderValue", "The value for one of the HTTP headers is not in the correct format.", requestId);
                return;
            }
            if (unsatisfiable)
            {
                res.Headers.ContentRange = $"bytes */{total}";
                await ErrorAsync(ctx, 416, "InvalidRange", "The range specified is invalid for the current size of the resource.", requestId);
                return;
            }
            ranged = true;
        }
        var length = end - start + 1;
        res.StatusCode = ranged ? 206 : 200;
        res.ContentLength = length;
        if (ranged) res.Headers.ContentRange = $"bytes {start}-{end}/{total}";
        if (HttpMethods.IsHead(req.Method)) return;

        var buf = new byte[Math.Min(length, 1024 * 1024)];
        var pos = start;
        while (pos <= end)
        {
            var n = (int)Math.Min(buf.Length, end - pos + 1);
            blob.Read(pos, buf.AsSpan(0, n));
            await res.Body.WriteAsync(buf.AsMemory(0, n), ctx.RequestAborted);
            pos += n;
        }
    }

    private const string AuthMessage = "Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.";

    /// <summary>"bytes=a-b", "bytes=a-" or "bytes=-n" (one range, as Azure Storage accepts).</summary>
    internal static bool TryParseRange(string header, long total, out long start, out long end, out bool unsatisfiable)
    {
        start = 0; end = total - 1; unsatisfiable = false;
        var h = header.Trim();
        if (!h.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase)) return false;
        var spec = h[6..];
        if (spec.Contains(',')) return false;
        var dash = spec.IndexOf('-');
        if (dash < 0) return false;
        var a = spec[..dash].Trim();
        var b = spec[(dash + 1)..].Trim();
        if (a.Length == 0)
        {
            if (!long.TryParse(b, out var suffix) || suffix <= 0) return false;
            start = Math.Max(0, total - suffix);
            return true;
        }
        if (!long.TryParse(a, out start) || start < 0) return false;
        if (b.Length > 0)
        {
            if (!long.TryParse(b, out end) || end < start) return false;
            end = Math.Min(end, total - 1);
        }
        if (start >= total) unsatisfiable = true;
        return true;
    }

    private static async Task ErrorAsync(HttpContext ctx, int status, string code, string message, string requestId, string? authDetail = null)
    {
        var res = ctx.Response;
        res.StatusCode = status;
        res.Headers["x-ms-error-code"] = code;
        if (HttpMethods.IsHead(ctx.Request.Method)) { res.ContentLength = 0; return; }
        var detail = authDetail != null ? $"<AuthenticationErrorDetail>{System.Security.SecurityElement.Escape(authDetail)}</AuthenticationErrorDetail>" : "";
        var xml = $"\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{System.Security.SecurityElement.Escape(message)}\nRequestId:{requestId}\nTime:{DateTime.UtcNow:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'}</Message>{detail}</Error>";
        var bytes = Encoding.UTF8.GetBytes(xml);
        res.ContentType = "application/xml";
        res.ContentLength = bytes.Length;
        await res.Body.WriteAsync(bytes, ctx.RequestAborted);
    }
}
