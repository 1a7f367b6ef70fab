using System.Buffers.Binary;

namespace Portal.DiskImages;

/// <summary>Exact reads over an <see cref="IDiskReader"/>: a short read means the structure runs past the end of
/// the image, which is reported as a format error (a truncated image), not as a read failure of the source.</summary>
public static class DiskReaderExtensions
{
    public static void ReadExactly(this IDiskReader reader, long offset, Span<byte> buffer)
    {
        if (offset < 0) throw new DiskFormatException($"negative offset {offset} (corrupt structure)");
        var done = 0;
        while (done < buffer.Length)
        {
            var n = reader.Read(offset + done, buffer[done..]);
            if (n <= 0)
                throw new DiskFormatException(
                    $"needs {buffer.Length} bytes at offset {offset} but the data ends at {reader.Length} (truncated image?)");
            done += n;
        }
    }

    public static byte[] ReadBytes(this IDiskReader reader, long offset, int count)
    {
        var buffer = new byte[count];
        reader.ReadExactly(offset, buffer);
        return buffer;
    }

    /// <summary>A region of this reader (bounds-checked against its length).</summary>
    public static IDiskReader Slice(this IDiskReader reader, long offset, long length) => new SubReader(reader, offset, length);

    /// <summary>A read-only seekable stream over the whole reader.</summary>
    public static Stream AsStream(this IDiskReader reader) => new DiskReaderStream(reader);
}

/// <summary>Little- and big-endian field reads from on-disk structures.</summary>
internal static class Bin
{
    public static ushort U16(ReadOnlySpan<byte> s, int o) => BinaryPrimitives.ReadUInt16LittleEndian(s[o..]);
    public static uint U32(ReadOnlySpan<byte> s, int o) => BinaryPrimitives.ReadUInt32LittleEndian(s[o..]);
    public static ulong U64(ReadOnlySpan<byte> s, int o) => BinaryPrimitives.ReadUInt64LittleEndian(s[o..]);
    public static ushort U16BE(ReadOnlySpan<byte> s, int o) => BinaryPrimitives.ReadUInt16BigEndian(s[o..]);
    public static uint U32BE(ReadOnlySpan<byte> s, int o) => BinaryPrimitives.ReadUInt32BigEndian(s[o..]);
    public static ulong U64BE(ReadOnlySpan<byte> s, int o) => BinaryPrimitives.ReadUInt64BigEndian(s[o..]);

    public static bool IsAllZero(ReadOnlySpan<byte> s) => s.IndexOfAnyExcept((byte)0) < 0;
}
