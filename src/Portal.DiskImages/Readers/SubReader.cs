namespace Portal.DiskImages;

/// <summary>A region (offset + length) of another reader: a partition, the disk without its VHD footer, a PV's
/// extent range. Reads never leave the region.</summary>
public sealed class SubReader : IDiskReader
{
    private readonly IDiskReader _parent;
    private readonly long _offset;

    /// <exception cref="DiskFormatException">The region runs past the end of the parent (a truncated image or a
    /// partition table pointing outside the disk).</exception>
    public SubReader(IDiskReader parent, long offset, long length)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (offset < 0 || length < 0)
            throw new DiskFormatException($"invalid region: offset {offset}, length {length}");
        if (offset > parent.Length || length > parent.Length - offset)
            throw new DiskFormatException(
                $"region {offset}+{length} runs past the end of the disk ({parent.Length} bytes): truncated image or corrupt table");
        _parent = parent;
        _offset = offset;
        Length = length;
    }

    public long Length { get; }

    public long Offset => _offset;

    public int Read(long offset, Span<byte> buffer)
    {
        if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset));
        if (offset >= Length) return 0;
        var n = (int)Math.Min(buffer.Length, Length - offset);
        return _parent.Read(_offset + offset, buffer[..n]);
    }
}
