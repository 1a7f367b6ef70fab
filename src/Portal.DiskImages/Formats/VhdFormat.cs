namespace Portal.DiskImages.Formats;

/// <summary>
/// Detects the image wrapper. A fixed VHD is the raw disk followed by a 512-byte footer ("conectix" cookie,
/// big-endian fields, a ones'-complement checksum); Azure page blobs of managed-disk snapshots are fixed VHDs.
/// Dynamic and differencing VHDs (block allocation table, parent chains) are refused: Azure never exports them
/// for managed disks, and reading them as raw would yield garbage.
/// </summary>
public static class VhdFormat
{
    private const int FooterSize = 512;
    private static ReadOnlySpan<byte> Cookie => "conectix"u8;

    /// <summary>The format and the disk's bytes (without the footer for a fixed VHD).</summary>
    /// <exception cref="DiskFormatException">A VHD footer with a bad checksum, or a dynamic/differencing VHD.</exception>
    public static (ImageFormat Format, IDiskReader Disk) Detect(IDiskReader image)
    {
        if (image.Length >= FooterSize)
        {
            var footer = image.ReadBytes(image.Length - FooterSize, FooterSize);
            if (footer.AsSpan(0, 8).SequenceEqual(Cookie))
            {
                var type = CheckFooter(footer, "footer at the end");
                if (type == 2) return (ImageFormat.FixedVhd, new SubReader(image, 0, image.Length - FooterSize));
                throw Unsupported(type);
            }
        }
        // A dynamic VHD keeps a copy of the footer at offset 0 (the end may be missing in a truncated file).
        if (image.Length >= FooterSize)
        {
            var head = image.ReadBytes(0, FooterSize);
            if (head.AsSpan(0, 8).SequenceEqual(Cookie))
            {
                var type = CheckFooter(head, "footer copy at offset 0");
                throw type == 2 ? new DiskFormatException("fixed VHD without its footer at the end (truncated image?)") : Unsupported(type);
            }
        }
        return (ImageFormat.Raw, image);
    }

    private static uint CheckFooter(byte[] footer, string where)
    {
        var stored = Bin.U32BE(footer, 64);
        uint sum = 0;
        for (var i = 0; i < FooterSize; i++)
            if (i < 64 || i >= 68) sum += footer[i];
        if (~sum != stored)
            throw new DiskFormatException($"VHD {where} has a bad checksum (0x{stored:x8}, computed 0x{~sum:x8}): corrupt image");
        return Bin.U32BE(footer, 60);
    }

    private static DiskFormatException Unsupported(uint type) => new(type switch
    {
        3 => "dynamic VHD not supported (only fixed VHDs, as Azure exports managed disks, and raw images are read)",
        4 => "differencing VHD not supported (only fixed VHDs and raw images are read)",
        _ => $"VHD disk type {type} not supported (only fixed VHDs and raw images are read)",
    });
}
