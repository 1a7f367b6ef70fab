using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace Portal.Domain.Response;

/// <summary>An IPv4 or IPv6 address or CIDR block in canonical form (a single address has no "/32" or "/128").</summary>
public sealed record AddressPrefix(IPAddress Network, int Length)
{
    public bool IsV6 => Network.AddressFamily == AddressFamily.InterNetworkV6;
    public int MaxLength => IsV6 ? 128 : 32;
    public bool IsSingleAddress => Length == MaxLength;

    /// <summary>The text Azure stores: "203.0.113.7", "198.51.100.0/24", "2001:db8::/48".</summary>
    public override string ToString() => IsSingleAddress ? Network.ToString() : $"{Network}/{Length}";

    /// <summary>Parses an address or CIDR; host bits of a CIDR are cleared (10.1.2.3/24 becomes 10.1.2.0/24). Null when malformed.</summary>
    public static AddressPrefix? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        // IPAddress.TryParse accepts "1", "1.2" and zone ids; Azure does not.
        if (addressText.Contains('%') || (!addressText.Contains(':') && addressText.Count(c => c == '.') != 3)) return null;
        if (!IPAddress.TryParse(addressText, out var address)) return null;
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)) return null;
        var max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        var length = max;
        if (slash >= 0 && (!int.TryParse(text[(slash + 1)..], System.Globalization.NumberStyles.None, null, out length) || length > max)) return null;
        return new AddressPrefix(Mask(address, length), length);
    }

    /// <summary>True when every address of <paramref name="other"/> lies in this prefix.</summary>
    public bool Contains(AddressPrefix other) =>
        IsV6 == other.IsV6 && Length <= other.Length && Mask(other.Network, Length).Equals(Network);

    public bool Contains(IPAddress address) => TryParse(address.ToString()) is { } p && Contains(p);

    /// <summary>True when the two prefixes share at least one address.</summary>
    public bool Overlaps(AddressPrefix other) => Contains(other) || other.Contains(this);

    /// <summary>Private (RFC 1918, shared 100.64/10, unique-local fc00::/7), loopback or link-local: not an Internet address.</summary>
    public bool IsPrivate => PrivateRanges.Any(r => r.Contains(this));

    private static readonly AddressPrefix[] PrivateRanges =
        new[] { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "fc00::/7", "fe80::/10", "::1" }
        .Select(s => TryParse(s)!).ToArray();

    private static IPAddress Mask(IPAddress address, int length)
    {
        var bytes = address.GetAddressBytes();
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        var bits = bytes.Length * 8;
        var mask = length == 0 ? BigInteger.Zero : ((BigInteger.One << length) - 1) << (bits - length);
        var masked = (value & mask).ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = new byte[bytes.Length];
        Array.Copy(masked, 0, result, result.Length - masked.Length, masked.Length);
        return new IPAddress(result);
    }
}
