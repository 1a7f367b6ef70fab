using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Identity;
using Microsoft.Identity.Client;
using Portal.Domain.Cloud;

namespace Portal.Azure;

/// <summary>Turns what the Azure SDK throws or answers into a <see cref="CloudError"/> (no secret, no stack).</summary>
internal static partial class AzureErrorTranslator
{
    [GeneratedRegex(@"AADSTS(\d+)")]
    private static partial Regex AadstsRx();

    /// <summary>Translates an exception; <paramref name="credential"/> is used to scrub its secret from any text.</summary>
    public static CloudError Translate(Exception ex, CloudCredential credential)
    {
        if (Find<ListingFailedException>(ex) is { } done) return done.Error;
        if (Find<UntrustedLinkException>(ex) is { } link) return Error(CloudErrorCodes.UntrustedLink, link.Message, credential);

        // Network first: a socket/TLS/HTTP failure anywhere in the chain (Identity and Core both wrap it).
        if (Find<SocketException>(ex) is { } sock)
            return Error(CloudErrorCodes.NetworkFailure, $"{sock.SocketErrorCode}: {sock.Message}", credential);
        if (Find<AuthenticationException>(ex) is { } tls)
            return Error(CloudErrorCodes.NetworkFailure, $"TLS: {tls.Message}", credential);

        if (Find<MsalServiceException>(ex) is { } msal)
            return FromMsal(msal, credential);

        if (Find<RequestFailedException>(ex) is { } rfe)
        {
            if (rfe.Status == 0)
            {
                if (Find<HttpRequestException>(ex) is { } hre0)
                    return Error(CloudErrorCodes.NetworkFailure, hre0.Message, credential);
                if (Find<OperationCanceledException>(ex) != null)
                    return Error(CloudErrorCodes.Timeout, rfe.Message, credential);
                return Error(CloudErrorCodes.NetworkFailure, FirstLine(rfe.Message), credential);
            }
            return FromArm(rfe, credential);
        }

        if (Find<HttpRequestException>(ex) is { } hre)
            return Error(CloudErrorCodes.NetworkFailure, hre.Message, credential);

        if (ex is OperationCanceledException or TimeoutException || Find<TimeoutException>(ex) != null)
            return Error(CloudErrorCodes.Timeout, FirstLine(ex.Message), credential);

        if (Find<AuthenticationFailedException>(ex) is { } afe)
        {
            // No MSAL service answer inside: a client-side problem (e.g. a malformed authority).
            var m = AadstsRx().Match(afe.Message);
            if (m.Success) return Error("AADSTS" + m.Groups[1].Value, FirstLine(afe.Message), credential);
            return Error(CloudErrorCodes.Unexpected, FirstLine(afe.Message), credential);
        }

        if (ex is ArgumentException arg)
            return Error(CloudErrorCodes.InvalidInput, FirstLine(arg.Message), credential);

        return Error(CloudErrorCodes.Unexpected, $"{ex.GetType().Name}: {FirstLine(ex.Message)}", credential);
    }

    private static CloudError FromMsal(MsalServiceException msal, CloudCredential credential)
    {
        var text = TrimMsal(msal.Message);
        var m = AadstsRx().Match(msal.Message);
        var aadsts = m.Success ? "AADSTS" + m.Groups[1].Value : null;
        if (msal.StatusCode >= 500 || msal.StatusCode == 429
            || string.Equals(msal.ErrorCode, "temporarily_unavailable", StringComparison.OrdinalIgnoreCase)
            || string.Equals(msal.ErrorCode, MsalError.ServiceNotAvailable, StringComparison.OrdinalIgnoreCase)
            || string.Equals(msal.ErrorCode, MsalError.RequestTimeout, StringComparison.OrdinalIgnoreCase))
        {
            var code = msal.StatusCode == 429 ? CloudErrorCodes.Throttled : CloudErrorCodes.ServiceUnavailable;
            return Error(code, text, credential) with { HttpStatus = msal.StatusCode > 0 ? msal.StatusCode : null, AzureCode = aadsts ?? msal.ErrorCode };
        }
        if (aadsts != null)
            return Error(aadsts, text, credential) with { HttpStatus = msal.StatusCode > 0 ? msal.StatusCode : null, AzureCode = msal.ErrorCode };
        return Error(CloudErrorCodes.Unexpected, text, credential) with { HttpStatus = msal.StatusCode > 0 ? msal.StatusCode : null, AzureCode = msal.ErrorCode };
    }

    private static CloudError FromArm(RequestFailedException rfe, CloudCredential credential)
    {
        var response = rfe.GetRawResponse();
        var (code, message) = response != null ? ReadArmError(response) : (null, null);
        code ??= rfe.ErrorCode;
        message ??= FirstLine(rfe.Message);
        return FromArm(rfe.Status, code, message, response, credential);
    }

    /// <summary>Translates a failed ARM response (status &gt;= 400) without an exception.</summary>
    public static CloudError FromResponse(Response response, CloudCredential credential)
    {
        var (code, message) = ReadArmError(response);
        return FromArm(response.Status, code, message ?? $"HTTP {response.Status} {response.ReasonPhrase}", response, credential);
    }

    private static CloudError FromArm(int status, string? code, string message, Response? response, CloudCredential credential)
    {
        TimeSpan? retryAfter = null;
        if (response != null && response.Headers.TryGetValue("Retry-After", out var ra))
        {
            if (int.TryParse(ra, out var secs)) retryAfter = TimeSpan.FromSeconds(secs);
            else if (DateTimeOffset.TryParse(ra, out var when)) retryAfter = when - DateTimeOffset.UtcNow;
        }

        string normalised;
        if (status == 429) normalised = CloudErrorCodes.Throttled;
        else if (status >= 500) normalised = CloudErrorCodes.ServiceUnavailable;
        else if (!string.IsNullOrEmpty(code) && CloudErrorCatalog.Find(code) != null) normalised = code;
        else if (status == 401) normalised = CloudErrorCodes.InvalidToken;
        else if (status == 403) normalised = CloudErrorCodes.AuthorizationFailed;
        else normalised = string.IsNullOrEmpty(code) ? CloudErrorCodes.Unexpected : code;

        return Error(normalised, message, credential) with
        {
            HttpStatus = status,
            RetryAfter = retryAfter,
            AzureCode = string.Equals(code, normalised, StringComparison.Ordinal) ? null : code,
        };
    }

    /// <summary>ARM's error body: {"error":{"code","message"}} (or the odd top-level code/message).</summary>
    internal static (string? Code, string? Message) ReadArmError(Response response)
    {
        try
        {
            var content = response.Content;
            if (content == null || content.ToMemory().Length == 0) return (null, null);
            using var doc = JsonDocument.Parse(content.ToMemory());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null);
            var err = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : root;
            string? S(JsonElement el, string name) =>
                el.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return (S(err, "code") ?? S(err, "Code"), S(err, "message") ?? S(err, "Message"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static CloudError Error(string code, string message, CloudCredential credential) =>
        CloudErrorCatalog.Create(code, credential.Scrub(message));

    private static string TrimMsal(string message)
    {
        // Keep Entra's sentence(s); drop trace/correlation ids and timestamps.
        var i = message.IndexOf(" Trace ID:", StringComparison.Ordinal);
        var text = i > 0 ? message[..i] : message;
        return text.Trim();
    }

    private static string FirstLine(string message)
    {
        var i = message.IndexOfAny(['\r', '\n']);
        return (i > 0 ? message[..i] : message).Trim();
    }

    private static T? Find<T>(Exception? ex) where T : Exception
    {
        for (var depth = 0; ex != null && depth < 12; depth++)
        {
            if (ex is T t) return t;
            if (ex is AggregateException agg && agg.InnerExceptions.Count > 0)
            {
                foreach (var inner in agg.InnerExceptions)
                    if (Find<T>(inner) is { } found) return found;
                return null;
            }
            ex = ex.InnerException;
        }
        return null;
    }
}

/// <summary>Carries an already-translated error out of a listing or write (never leaves the connector).</summary>
internal sealed class ListingFailedException(CloudError error) : Exception(error.Code)
{
    public CloudError Error { get; } = error;
}
