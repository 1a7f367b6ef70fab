using System.Net.Sockets;
using Azure;
using Azure.Identity;
using Microsoft.Identity.Client;
using Portal.Domain.Cloud;

namespace Portal.Azure.Tests;

/// <summary>Branches of the error translation the simulator cannot easily provoke.</summary>
public class ErrorTranslatorTests
{
    private static readonly CloudCredential Cred = new(CloudKind.AzurePublic, "7c3a5f1e-2b8d-4e6a-9f10-3d5c8b2a9e41", "3b6c8e1f-5a2d-4c7b-9e0f-1a2b3c4d5e6f", "S3cr3t~value.that.must.never.leak");

    [Fact]
    public void Secret_in_any_exception_text_is_scrubbed()
    {
        var e = AzureErrorTranslator.Translate(new InvalidOperationException($"boom {Cred.ClientSecret} boom"), Cred);
        Assert.Equal(CloudErrorCodes.Unexpected, e.Code);
        Assert.DoesNotContain(Cred.ClientSecret, e.Message);
        Assert.Contains("***", e.Message);
    }

    [Fact]
    public void Socket_failure_wrapped_by_the_sdk_is_NetworkFailure()
    {
        var inner = new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused));
        var ex = new AuthenticationFailedException("ClientSecretCredential authentication failed", new RequestFailedException("send failed", inner));
        var e = AzureErrorTranslator.Translate(ex, Cred);
        Assert.Equal(CloudErrorCodes.NetworkFailure, e.Code);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public void Status_zero_with_http_failure_is_NetworkFailure_and_timeouts_are_Timeout()
    {
        Assert.Equal(CloudErrorCodes.NetworkFailure, AzureErrorTranslator.Translate(new RequestFailedException("x", new HttpRequestException("name not resolved")), Cred).Code);
        Assert.Equal(CloudErrorCodes.Timeout, AzureErrorTranslator.Translate(new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout"), Cred).Code);
    }

    [Fact]
    public void Entra_throttling_and_outage_are_transient()
    {
        var throttled = AzureErrorTranslator.Translate(new MsalServiceException("request_throttled", "AADSTS50196: The server terminated an operation because it encountered a client request loop.", 429), Cred);
        Assert.Equal(CloudErrorCodes.Throttled, throttled.Code);
        Assert.Equal("AADSTS50196", throttled.AzureCode);
        var down = AzureErrorTranslator.Translate(new MsalServiceException("temporarily_unavailable", "AADSTS50001: unavailable", 503), Cred);
        Assert.Equal(CloudErrorCodes.ServiceUnavailable, down.Code);
        Assert.True(down.IsTransient);
    }

    [Fact]
    public void Unknown_AADSTS_code_keeps_the_code_with_generic_guidance()
    {
        var e = AzureErrorTranslator.Translate(new MsalServiceException("invalid_request", "AADSTS53003: Access has been blocked by Conditional Access policies. Trace ID: abc Correlation ID: def", 400), Cred);
        Assert.Equal("AADSTS53003", e.Code);
        Assert.DoesNotContain("Trace ID", e.Message);
        Assert.True(e.IsCredentialProblem);
        Assert.False(string.IsNullOrWhiteSpace(e.Fix));
    }

    [Fact]
    public void Invalid_argument_from_the_sdk_is_InvalidInput()
    {
        var e = AzureErrorTranslator.Translate(new ArgumentException("Invalid tenant id provided.\nMore"), Cred);
        Assert.Equal(CloudErrorCodes.InvalidInput, e.Code);
        Assert.Equal("Invalid tenant id provided.", e.Message);
    }
}
