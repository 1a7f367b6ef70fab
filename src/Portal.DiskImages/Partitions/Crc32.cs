namespace Portal.DiskImages;

/// <summary>CRC-32 (IEEE 802.3, reflected 0xEDB88320) as GPT uses it; <see cref="Raw"/> without the final
/// inversion and with a chosen seed, as LVM2 uses it.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = Build();

    private static uint[] Build()
    {
        var t = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }

    public static uint Raw(uint seed, ReadOnlySpan<byte> data)
    {
        var c = seed;
        foreach (var b in data) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        return c;
    }

    public static uint Compute(ReadOnlySpan<byte> data) => ~Raw(0xFFFFFFFFu, data);
}
