using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Portal.Domain.Cloud;

namespace Portal.Azure;

/// <summary>
/// Single-resource reads and writes on the connector's Azure.Core pipeline (bearer token, retry with Retry-After, metrics),
/// for providers without a served SDK package. Writes follow Azure's long-running operation to its end
/// (Azure-AsyncOperation, else Location), the way the ARM async-operation guidelines describe.
/// Failures are thrown as <see cref="ListingFailedException"/> carrying the translated <see cref="CloudError"/>.
/// </summary>
internal sealed class ArmRawClient(HttpPipeline pipeline, Uri armEndpoint, CloudCredential credential, TimeSpan pollInterval, TimeSpan timeout)
{
    private static readonly string[] Terminal = ["Succeeded", "Failed", "Canceled", "Cancelled"];

    /// <summary>GET one resource; null when Azure answers 404 (any 404: resource, parent or group gone).</summary>
    public async Task<JsonElement?> GetOrNullAsync(string pathAndQuery, CancellationToken ct)
    {
        using var message = await SendAsync(RequestMethod.Get, Absolute(pathAndQuery), null, null, null, ct).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status == 404) return null;
        if (response.Status >= 400) throw Failed(response);
        return Parse(response);
    }

    /// <summary>GET one resource; a 404 fails with <see cref="CloudErrorCodes.ResourceNotFound"/>.</summary>
    public async Task<JsonElement> GetAsync(string pathAndQuery, CancellationToken ct)
    {
        using var message = await SendAsync(RequestMethod.Get, Absolute(pathAndQuery), null, null, null, ct).ConfigureAwait(false);
        if (message.Response.Status >= 400) throw Failed(message.Response);
        return Parse(message.Response) ?? throw new ListingFailedException(CloudErrorCatalog.Create(CloudErrorCodes.Unexpected, "Azure answered a GET without a body."));
    }

    /// <summary>PUT (create or replace) and wait for the operation; returns the resource as Azure stored it.</summary>
    public async Task<JsonElement> PutAsync(string pathAndQuery, JsonNode body, string? ifMatch, string? ifNoneMatch, CancellationToken ct)
    {
        var uri = Absolute(pathAndQuery);
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        using var message = await SendAsync(RequestMethod.Put, uri, bytes, ifMatch, ifNoneMatch, ct).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status >= 400) throw Failed(response);
        var initial = Parse(response);
        if (!IsInProgress(response, initial)) return initial ?? await GetAsync(uri.PathAndQuery, ct).ConfigureAwait(false);
        await WaitAsync(response, ct).ConfigureAwait(false);
        // the guidelines: the final state of a PUT is a GET of the resource itself
        return await GetAsync(uri.PathAndQuery, ct).ConfigureAwait(false);
    }

    /// <summary>DELETE and wait for the operation. False when there was nothing to delete (204 or 404).</summary>
    public async Task<bool> DeleteAsync(string pathAndQuery, CancellationToken ct)
    {
        using var message = await SendAsync(RequestMethod.Delete, Absolute(pathAndQuery), null, null, null, ct).ConfigureAwait(false);
        var response = message.Response;
        if (response.Status is 204 or 404) return false;
        if (response.Status >= 400) throw Failed(response);
        if (response.Status == 202 || IsInProgress(response, Parse(response))) await WaitAsync(response, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Polls Azure-AsyncOperation (or Location) until the operation is terminal; throws when it did not succeed.</summary>
    private async Task WaitAsync(Response accepted, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var asyncUrl = Header(accepted, "Azure-AsyncOperation");
        var location = Header(accepted, "Location");
        var delay = TimeSpan.Zero; // first poll at once (as Azure.Core does), then Retry-After or the interval
        try
        {
            for (var polls = 0; ; polls++)
            {
                if (delay > TimeSpan.Zero) await Task.Delay(delay, deadline.Token).ConfigureAwait(false);
                if (asyncUrl != null)
                {
                    using var poll = await SendAsync(RequestMethod.Get, new Uri(asyncUrl), null, null, null, deadline.Token).ConfigureAwait(false);
                    if (poll.Response.Status >= 400) throw Failed(poll.Response);
                    var body = Parse(poll.Response);
                    var status = body is { } b ? AzureCloudConnector.Str(b, "status") : null;
                    if (status != null && Terminal.Contains(status, StringComparer.OrdinalIgnoreCase))
                    {
                        if (status.Equals("Succeeded", StringComparison.OrdinalIgnoreCase)) return;
                        throw new ListingFailedException(OperationError(body!.Value, status));
                    }
                    delay = NextDelay(poll.Response);
                }
                else if (location != null)
                {
                    using var poll = await SendAsync(RequestMethod.Get, new Uri(location), null, null, null, deadline.Token).ConfigureAwait(false);
                    if (poll.Response.Status >= 400) throw Failed(poll.Response);
                    if (poll.Response.Status != 202) return;
                    delay = NextDelay(poll.Response);
                }
                else return; // nothing to follow: Azure finished the work with the answer
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ListingFailedException(CloudErrorCatalog.Create(CloudErrorCodes.Timeout,
                $"The operation did not finish within {timeout.TotalMinutes:0.#} minutes; it may still complete in Azure."));
        }
    }

    private CloudError OperationError(JsonElement body, string status)
    {
        if (body.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object)
        {
            var code = AzureCloudConnector.Str(e, "code");
            var text = credential.Scrub(AzureCloudConnector.Str(e, "message") ?? $"The operation ended {status}.");
            if (code != null && CloudErrorCatalog.Find(code) != null) return CloudErrorCatalog.Create(code, text);
            return CloudErrorCatalog.Create(CloudErrorCodes.OperationFailed, text) with { AzureCode = code };
        }
        return CloudErrorCatalog.Create(CloudErrorCodes.OperationFailed, $"The operation ended {status}.");
    }

    private TimeSpan NextDelay(Response response)
    {
        if (Header(response, "Retry-After") is { } ra && int.TryParse(ra, out var secs))
            return TimeSpan.FromSeconds(Math.Clamp(secs, 0, 60));
        return pollInterval;
    }

    /// <summary>201/202, or a 200 whose body says the resource is still being provisioned, with something to follow.</summary>
    private static bool IsInProgress(Response response, JsonElement? body)
    {
        if (Header(response, "Azure-AsyncOperation") == null && Header(response, "Location") == null) return false;
        if (response.Status == 202) return true;
        var state = body is { } b && b.ValueKind == JsonValueKind.Object && b.TryGetProperty("properties", out var p) ? AzureCloudConnector.Str(p, "provisioningState") : null;
        return state != null && !Terminal.Contains(state, StringComparer.OrdinalIgnoreCase);
    }

    private async Task<HttpMessage> SendAsync(RequestMethod method, Uri uri, byte[]? body, string? ifMatch, string? ifNoneMatch, CancellationToken ct)
    {
        var message = pipeline.CreateMessage();
        try
        {
            message.Request.Method = method;
            message.Request.Uri.Reset(uri);
            message.Request.Headers.Add("Accept", "application/json");
            if (ifMatch != null) message.Request.Headers.Add("If-Match", ifMatch);
            if (ifNoneMatch != null) message.Request.Headers.Add("If-None-Match", ifNoneMatch);
            if (body != null)
            {
                message.Request.Headers.Add("Content-Type", "application/json");
                message.Request.Content = RequestContent.Create(body);
            }
            await pipeline.SendAsync(message, ct).ConfigureAwait(false);
            return message;
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    private Uri Absolute(string pathAndQuery) => new(armEndpoint, pathAndQuery);

    private ListingFailedException Failed(Response response) => new(AzureErrorTranslator.FromResponse(response, credential));

    private static string? Header(Response response, string name) =>
        response.Headers.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

    private static JsonElement? Parse(Response response)
    {
        var content = response.Content;
        if (content == null || content.ToMemory().Length == 0) return null;
        try
        {
            using var doc = JsonDocument.Parse(content.ToMemory());
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
