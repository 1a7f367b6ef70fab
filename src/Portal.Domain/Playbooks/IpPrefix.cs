using System.Net;

namespace Portal.Domain.Playbooks;

/// <summary>An IPv4/IPv6 address or CIDR as NSG rules accept it.</summary>
public static class IpPrefix
{
    /// <summary>The canonical form ("10.0.0.0/8", "203.0.113.7", "2001:db8::/32"), or null when <paramref name="value"/> is neither
    /// an address nor a CIDR whose host bits are zero.</summary>
    public static string? Normalize(string? value)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v)) return null;
        if (v.Contains('/'))
            // Host bits must be zero ("10.0.0.1/8" is refused, not silently widened): Azure rejects such prefixes too.
            return IPNetwork.TryParse(v, out var network) && IPAddress.TryParse(v[..v.IndexOf('/')], out var start) && start.Equals(network.BaseAddress)
                ? network.ToString() : null;
        return IPAddress.TryParse(v, out var address) && v.Contains(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? '.' : ':')
            ? address.ToString() : null;
    }
}
