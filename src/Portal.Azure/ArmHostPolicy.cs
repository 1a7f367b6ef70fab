using Azure.Core;
using Azure.Core.Pipeline;

namespace Portal.Azure;

/// <summary>A request of the ARM pipeline was about to leave for another host than the cloud's ARM endpoint.</summary>
internal sealed class UntrustedLinkException(Uri target, Uri arm)
    : Exception($"Azure Resource Manager returned a link to {target.GetLeftPart(UriPartial.Authority)}, which is not {arm.GetLeftPart(UriPartial.Authority)}; the portal sends its Azure token only to the cloud's own ARM endpoint, so the request was not made.")
{
    public Uri Target { get; } = target;
}

/// <summary>
/// Keeps the bearer token on the ARM host: every request of the ARM pipeline (the SDK's pageables and LRO polls, the
/// raw nextLink paging) must go to the ARM endpoint's scheme, host and port. Runs per call, before the retry and the
/// authentication policies, so a nextLink or Location header pointing elsewhere is never sent, with or without a token.
/// </summary>
internal sealed class ArmHostPolicy(Uri armEndpoint) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        if (!string.Equals(uri.Scheme, armEndpoint.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(uri.Host, armEndpoint.Host, StringComparison.OrdinalIgnoreCase)
            || uri.Port != armEndpoint.Port)
            throw new UntrustedLinkException(uri, armEndpoint);
    }
}
