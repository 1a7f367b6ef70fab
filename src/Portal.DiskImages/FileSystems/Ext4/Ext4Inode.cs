namespace Portal.DiskImages.FileSystems.Ext4;

/// <summary>The fields of an on-disk ext2/3/4 inode the reader uses (linux2 layout of osd2).</summary>
internal sealed class Ext4Inode
{
    public const uint ExtentsFlag = 0x80000;
    public const uint InlineDataFlag = 0x10000000;
    public const uint HugeFileFlag = 0x40000;

    public required uint Number { get; init; }
    public required byte[] Raw { get; init; }
    public ushort Mode => Bin.U16(Raw, 0);
    public int Uid => Bin.U16(Raw, 2) | (Bin.U16(Raw, 0x78) << 16);
    public int Gid => Bin.U16(Raw, 0x18) | (Bin.U16(Raw, 0x7A) << 16);
    public long Size => (long)(Bin.U32(Raw, 4) | ((ulong)Bin.U32(Raw, 0x6C) << 32));
    public ushort Links => Bin.U16(Raw, 0x1A);
    public uint Flags => Bin.U32(Raw, 0x20);
    public ReadOnlySpan<byte> Block => Raw.AsSpan(0x28, 60);
    public long FileAcl => Bin.U32(Raw, 0x68) | ((long)Bin.U16(Raw, 0x76) << 32);
    /// <summary>i_blocks in 512-byte sectors (fs blocks when the inode has HUGE_FILE set).</summary>
    public long Blocks => Bin.U32(Raw, 0x1C) | ((long)Bin.U16(Raw, 0x74) << 32);
    public int ExtraSize => Raw.Length > 128 ? Bin.U16(Raw, 0x80) : 0;

    public FileEntryType Type => (Mode & 0xF000) switch
    {
        0x4000 => FileEntryType.Directory,
        0x8000 => FileEntryType.File,
        0xA000 => FileEntryType.Symlink,
        _ => FileEntryType.Other,
    };

    public DateTimeOffset Modified
    {
        get
        {
            long seconds = (int)Bin.U32(Raw, 0x10);
            long nanos = 0;
            if (ExtraSize >= 12 && 0x8C <= Raw.Length)
            {
                var extra = Bin.U32(Raw, 0x88);
                seconds += (long)(extra & 3) << 32;
                nanos = extra >> 2;
            }
            return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
        }
    }

    /// <summary>The value of an in-inode extended attribute (e.g. system.data of inline data), or null.</summary>
    public byte[]? InodeXattr(byte nameIndex, string name)
    {
        var start = 128 + ExtraSize;
        if (start + 4 > Raw.Length || Bin.U32(Raw, start) != 0xEA020000) return null;
        var first = start + 4;
        var e = first;
        while (e + 16 <= Raw.Length)
        {
            if (Bin.U32(Raw, e) == 0) break;
            int nameLen = Raw[e], index = Raw[e + 1];
            int valueOffset = Bin.U16(Raw, e + 2);
            var valueSize = Bin.U32(Raw, e + 8);
            if (e + 16 + nameLen > Raw.Length)
                throw new DiskFormatException($"inode {Number}: extended attribute entry runs past the inode");
            if (index == nameIndex && System.Text.Encoding.ASCII.GetString(Raw, e + 16, nameLen) == name)
            {
                if (Bin.U32(Raw, e + 4) != 0)
                    throw new DiskFormatException($"inode {Number}: inline data held in an EA inode is not supported");
                if (first + valueOffset + valueSize > Raw.Length)
                    throw new DiskFormatException($"inode {Number}: extended attribute value runs past the inode");
                return Raw.AsSpan(first + valueOffset, (int)valueSize).ToArray();
            }
            e += (16 + nameLen + 3) & ~3;
        }
        return null;
    }
}

/// <summary>A run of a file's logical blocks: <see cref="Count"/> blocks from <see cref="Logical"/> stored at
/// <see cref="Physical"/>; <see cref="Zero"/> for an uninitialised extent (reads as zeros).</summary>
internal readonly record struct Ext4Run(long Logical, long Physical, long Count, bool Zero);
