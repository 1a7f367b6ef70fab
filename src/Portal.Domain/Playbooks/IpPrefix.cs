using System.Net;
using Portal.Domain.Response;

namespace Portal.Domain.Playbooks;

/// <summary>Addresses that playbooks act on: the response service's <see cref="AddressPrefix"/>, but strict about host bits.</summary>
public static class IpPrefix
{
    /// <summary>The canonical form ("10.0.0.0/8", "203.0.113.7", "2001:db8::/32"), or null when <paramref name="value"/> is neither an
    /// address nor a CIDR. A CIDR with host bits set ("10.0.0.5/8") is refused rather than widened: an automated block of a whole
    /// network because of a typo in an alert is worse than no block.</summary>
    public static string? Normalize(string? value)
    {
        if (AddressPrefix.TryParse(value) is not { } prefix) return null;
        var text = value!.Trim();
        var slash = text.IndexOf('/');
        return slash < 0 || IPAddress.Parse(text[..slash]).Equals(prefix.Network) ? prefix.ToString() : null;
    }
}
