using System.Text;

namespace Portal.DiskImages.FileSystems.Ext4;

/// <summary>
/// Read-only ext2/ext3/ext4: superblock, group descriptors (32/64-bit, flex_bg, meta_bg), inodes (128 bytes and
/// larger), extent trees of any depth (uninitialised extents read as zeros), ext2/3 block maps (direct, indirect,
/// double, triple), holes as zeros, directories read linearly (htree index blocks look like empty entries, so a
/// linear read sees every name once), inline data, fast and slow symlinks. The journal is not replayed: a disk
/// snapshot of a running VM is read as it was last written, like a crash-consistent mount with noload.
/// Every structure is bounds-checked; trees and directories are walked with visited-sets so corrupt images end
/// in a <see cref="DiskFormatException"/> rather than a loop.
/// </summary>
public sealed class Ext4FileSystem : IFileSystem
{
    private const ushort Magic = 0xEF53;
    private const uint RootInode = 2;

    // INCOMPAT features this reader understands; anything else is refused (the layout may differ).
    private const uint IncompatFiletype = 0x2, IncompatRecover = 0x4, IncompatJournalDev = 0x8, IncompatMetaBg = 0x10,
        IncompatExtents = 0x40, Incompat64Bit = 0x80, IncompatMmp = 0x100, IncompatFlexBg = 0x200, IncompatEaInode = 0x400,
        IncompatCsumSeed = 0x2000, IncompatLargeDir = 0x4000, IncompatInlineData = 0x8000, IncompatEncrypt = 0x10000,
        IncompatCasefold = 0x20000;
    private const uint Supported = IncompatFiletype | IncompatRecover | IncompatMetaBg | IncompatExtents | Incompat64Bit |
        IncompatMmp | IncompatFlexBg | IncompatEaInode | IncompatCsumSeed | IncompatLargeDir | IncompatInlineData | IncompatCasefold;

    private readonly IDiskReader _volume;
    private readonly int _blockSize;
    private readonly long _blocksCount;
    private readonly long _firstDataBlock;
    private readonly long _blocksPerGroup;
    private readonly uint _inodesPerGroup;
    private readonly uint _inodesCount;
    private readonly int _inodeSize;
    private readonly int _descSize;
    private readonly long _groupCount;
    private readonly bool _fileType;
    private readonly bool _metaBg;
    private readonly bool _sparseSuper;
    private readonly long _firstMetaBg;
    private readonly Dictionary<long, long> _inodeTables = new();
    private readonly object _lock = new();

    private Ext4FileSystem(IDiskReader volume, byte[] sb, string kind)
    {
        _volume = volume;
        Kind = kind;
        _blockSize = 1024 << (int)Bin.U32(sb, 0x18);
        var incompat = Bin.U32(sb, 0x60);
        _blocksCount = Bin.U32(sb, 0x04) | ((incompat & Incompat64Bit) != 0 ? (long)Bin.U32(sb, 0x150) << 32 : 0);
        _firstDataBlock = Bin.U32(sb, 0x14);
        _blocksPerGroup = Bin.U32(sb, 0x20);
        _inodesPerGroup = Bin.U32(sb, 0x28);
        _inodesCount = Bin.U32(sb, 0x00);
        _inodeSize = Bin.U32(sb, 0x4C) == 0 ? 128 : Bin.U16(sb, 0x58);
        _descSize = (incompat & Incompat64Bit) != 0 ? Math.Max(32, (int)Bin.U16(sb, 0xFE)) : 32;
        _groupCount = (_blocksCount - _firstDataBlock + _blocksPerGroup - 1) / _blocksPerGroup;
        _fileType = (incompat & IncompatFiletype) != 0;
        _metaBg = (incompat & IncompatMetaBg) != 0;
        _sparseSuper = (Bin.U32(sb, 0x64) & 0x1) != 0;
        _firstMetaBg = Bin.U32(sb, 0x104);
        var label = Encoding.UTF8.GetString(sb, 0x78, 16).TrimEnd('\0');
        Label = label.Length == 0 ? null : label;
    }

    public string Kind { get; }
    public string? Label { get; }
    public int BlockSize => _blockSize;

    /// <summary>Null when the volume has no ext2/3/4 superblock; Unsupported for a feature this reader cannot read.</summary>
    /// <exception cref="DiskFormatException">An ext superblock with impossible values, or a file system larger than its volume.</exception>
    public static FileSystemProbeResult? Probe(IDiskReader volume)
    {
        if (volume.Length < 2048) return null;
        var sb = volume.ReadBytes(1024, 1024);
        if (Bin.U16(sb, 0x38) != Magic) return null;
        var incompat = Bin.U32(sb, 0x60);
        var compat = Bin.U32(sb, 0x5C);
        var roCompat = Bin.U32(sb, 0x64);
        if ((incompat & IncompatJournalDev) != 0)
            return FileSystemProbeResult.Unsupported("ext3/4 external journal device (holds no files)");
        if ((incompat & IncompatEncrypt) != 0)
            return FileSystemProbeResult.Unsupported("ext4 with encryption (fscrypt) not supported: names and contents are encrypted");
        if ((incompat & ~Supported) != 0)
            return FileSystemProbeResult.Unsupported(
                $"ext4 incompatible features 0x{incompat & ~Supported:x} not supported (compression, dirdata or newer features)");
        var logBlock = Bin.U32(sb, 0x18);
        if (logBlock > 6) throw Corrupt($"s_log_block_size {logBlock} (block size over 64 KiB)");
        var blockSize = 1024 << (int)logBlock;
        var rev = Bin.U32(sb, 0x4C);
        int inodeSize = rev == 0 ? 128 : Bin.U16(sb, 0x58);
        if (inodeSize < 128 || inodeSize > blockSize || (inodeSize & (inodeSize - 1)) != 0)
            throw Corrupt($"inode size {inodeSize}");
        var bpg = Bin.U32(sb, 0x20);
        var ipg = Bin.U32(sb, 0x28);
        if (bpg == 0 || bpg > 8L * blockSize) throw Corrupt($"s_blocks_per_group {bpg}");
        if (ipg == 0 || ipg > 8L * blockSize) throw Corrupt($"s_inodes_per_group {ipg}");
        var firstData = Bin.U32(sb, 0x14);
        if (firstData != (blockSize == 1024 ? 1u : 0u) && firstData > 1) throw Corrupt($"s_first_data_block {firstData}");
        var blocks = Bin.U32(sb, 0x04) | ((incompat & Incompat64Bit) != 0 ? (long)Bin.U32(sb, 0x150) << 32 : 0);
        if (blocks <= firstData) throw Corrupt($"s_blocks_count {blocks}");
        var groups = (blocks - firstData + bpg - 1) / bpg;
        if ((long)Bin.U32(sb, 0x00) > groups * ipg) throw Corrupt($"s_inodes_count {Bin.U32(sb, 0x00)} exceeds {groups} groups x {ipg}");
        if ((incompat & Incompat64Bit) != 0)
        {
            var ds = Bin.U16(sb, 0xFE);
            if (ds != 0 && (ds < 32 || ds > 1024 || (ds & (ds - 1)) != 0)) throw Corrupt($"s_desc_size {ds}");
        }
        if (blocks * blockSize > volume.Length)
            throw new DiskFormatException(
                $"ext file system of {blocks * blockSize} bytes on a volume of {volume.Length} bytes: truncated image or wrong partition size");
        var ext4 = (incompat & (IncompatExtents | Incompat64Bit | IncompatFlexBg | IncompatInlineData | IncompatMmp | IncompatLargeDir)) != 0
                   || (roCompat & (0x8 | 0x10 | 0x20 | 0x40 | 0x400)) != 0; // huge_file, gdt_csum, dir_nlink, extra_isize, metadata_csum
        var kind = ext4 ? "ext4" : (compat & 0x4) != 0 ? "ext3" : "ext2";
        var fs = new Ext4FileSystem(volume, sb, kind);
        fs.ReadInode(RootInode); // the root must be readable for the volume to count as opened
        return FileSystemProbeResult.Opened(fs);
    }

    private static DiskFormatException Corrupt(string what) => new($"corrupt ext superblock: {what}");

    public IEnumerable<FileEntry> Walk(CancellationToken cancellationToken = default)
    {
        var visited = new HashSet<uint> { RootInode };
        var root = ReadInode(RootInode);
        if (root.Type != FileEntryType.Directory) throw new DiskFormatException("ext root inode is not a directory");
        var stack = new Stack<(string Path, IEnumerator<(string Name, uint Inode)> Entries)>();
        stack.Push(("", ReadDirectory(root).GetEnumerator()));
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (parent, entries) = stack.Peek();
            if (!entries.MoveNext()) { stack.Pop(); continue; }
            var (name, number) = entries.Current;
            var inode = ReadInode(number);
            var path = parent + "/" + name;
            var type = inode.Type;
            yield return new FileEntry(path, type, inode.Size, type == FileEntryType.Symlink ? SymlinkTarget(inode) : null,
                number, inode.Mode, inode.Uid, inode.Gid, inode.Modified);
            if (type == FileEntryType.Directory)
            {
                if (!visited.Add(number))
                    throw new DiskFormatException($"ext directory loop: {path} is inode {number}, which was already walked");
                stack.Push((path, ReadDirectory(inode).GetEnumerator()));
            }
        }
    }

    public Stream OpenRead(FileEntry file)
    {
        if (file.Id <= 0 || file.Id > uint.MaxValue) throw new ArgumentException($"{file.Path}: not an inode of this file system", nameof(file));
        var inode = ReadInode((uint)file.Id);
        if (inode.Type != FileEntryType.File) throw new ArgumentException($"{file.Path} is not a regular file", nameof(file));
        if ((inode.Flags & Ext4Inode.InlineDataFlag) != 0)
            return new MemoryStream(InlineData(inode), writable: false);
        return new Ext4FileStream(_volume, _blockSize, Map(inode), inode.Size);
    }

    // ---- inodes and group descriptors ----

    internal Ext4Inode ReadInode(uint number)
    {
        if (number == 0 || number > _inodesCount)
            throw new DiskFormatException($"ext inode number {number} out of range (1..{_inodesCount})");
        var group = (number - 1) / _inodesPerGroup;
        var index = (number - 1) % _inodesPerGroup;
        var table = InodeTable(group);
        var offset = table * _blockSize + (long)index * _inodeSize;
        return new Ext4Inode { Number = number, Raw = _volume.ReadBytes(offset, _inodeSize) };
    }

    private long InodeTable(long group)
    {
        lock (_lock)
            if (_inodeTables.TryGetValue(group, out var cached)) return cached;
        var desc = _volume.ReadBytes(DescriptorOffset(group), _descSize);
        var table = Bin.U32(desc, 0x08) | (_descSize >= 64 ? (long)Bin.U32(desc, 0x28) << 32 : 0);
        var tableBlocks = ((long)_inodesPerGroup * _inodeSize + _blockSize - 1) / _blockSize;
        if (table == 0 || table + tableBlocks > _blocksCount)
            throw new DiskFormatException($"ext group {group}: inode table at block {table} lies outside the file system");
        lock (_lock) _inodeTables[group] = table;
        return table;
    }

    private long DescriptorOffset(long group)
    {
        if (group >= _groupCount) throw new DiskFormatException($"ext group {group} out of range");
        long perBlock = _blockSize / _descSize;
        var descBlock = group / perBlock;
        long block;
        if (!_metaBg || descBlock < _firstMetaBg)
            block = _firstDataBlock + 1 + descBlock;
        else
        {
            // meta_bg: each meta group's descriptors sit in its first group, after the superblock backup if any.
            var first = descBlock * perBlock;
            block = _firstDataBlock + first * _blocksPerGroup + (HasSuperBackup(first) ? 1 : 0);
        }
        return block * _blockSize + group % perBlock * _descSize;
    }

    private bool HasSuperBackup(long group)
    {
        if (!_sparseSuper || group <= 1) return true;
        foreach (var b in (long[])[3, 5, 7])
        {
            var p = b;
            while (p < group) p *= b;
            if (p == group) return true;
        }
        return false;
    }

    // ---- file data: extents, block maps, inline data ----

    private List<Ext4Run> Map(Ext4Inode inode)
    {
        var runs = new List<Ext4Run>();
        if ((inode.Flags & Ext4Inode.ExtentsFlag) != 0)
        {
            var visited = new HashSet<long>();
            ExtentNode(inode, inode.Block.ToArray(), -1, runs, visited);
            runs.Sort((a, b) => a.Logical.CompareTo(b.Logical));
            for (var i = 1; i < runs.Count; i++)
                if (runs[i - 1].Logical + runs[i - 1].Count > runs[i].Logical)
                    throw new DiskFormatException($"ext inode {inode.Number}: overlapping extents at logical block {runs[i].Logical}");
        }
        else
        {
            var nblocks = (inode.Size + _blockSize - 1) / _blockSize;
            var block = inode.Block;
            var visited = new HashSet<long>();
            for (var i = 0; i < 12 && i < nblocks; i++)
                AddBlock(runs, inode, i, Bin.U32(block, i * 4));
            long perBlock = _blockSize / 4, logical = 12;
            for (var depth = 1; depth <= 3 && logical < nblocks; depth++)
            {
                IndirectBlock(inode, Bin.U32(block, (11 + depth) * 4), depth, logical, nblocks, runs, visited);
                logical += Pow(perBlock, depth);
            }
        }
        return runs;
    }

    private static long Pow(long b, int e) { var r = 1L; for (var i = 0; i < e; i++) r *= b; return r; }

    private void IndirectBlock(Ext4Inode inode, uint pointer, int depth, long logicalBase, long nblocks, List<Ext4Run> runs, HashSet<long> visited)
    {
        if (pointer == 0 || logicalBase >= nblocks) return; // a hole
        CheckBlock(inode, pointer, 1);
        if (!visited.Add(pointer))
            throw new DiskFormatException($"ext inode {inode.Number}: indirect block {pointer} is used twice (corrupt block map)");
        var data = _volume.ReadBytes((long)pointer * _blockSize, _blockSize);
        long perBlock = _blockSize / 4, span = Pow(perBlock, depth - 1);
        for (var i = 0; i < perBlock; i++)
        {
            var childBase = logicalBase + i * span;
            if (childBase >= nblocks) break;
            var child = Bin.U32(data, i * 4);
            if (depth == 1) AddBlock(runs, inode, childBase, child);
            else IndirectBlock(inode, child, depth - 1, childBase, nblocks, runs, visited);
        }
    }

    private void AddBlock(List<Ext4Run> runs, Ext4Inode inode, long logical, uint physical)
    {
        if (physical == 0) return;
        CheckBlock(inode, physical, 1);
        if (runs.Count > 0)
        {
            var last = runs[^1];
            if (last.Logical + last.Count == logical && last.Physical + last.Count == physical)
            {
                runs[^1] = last with { Count = last.Count + 1 };
                return;
            }
        }
        runs.Add(new Ext4Run(logical, physical, 1, false));
    }

    private void CheckBlock(Ext4Inode inode, long block, long count)
    {
        if (block < _firstDataBlock || block + count > _blocksCount)
            throw new DiskFormatException($"ext inode {inode.Number}: block {block} (+{count}) lies outside the file system ({_blocksCount} blocks)");
    }

    private void ExtentNode(Ext4Inode inode, byte[] node, int expectedDepth, List<Ext4Run> runs, HashSet<long> visited)
    {
        if (Bin.U16(node, 0) != 0xF30A)
            throw new DiskFormatException($"ext inode {inode.Number}: bad extent header magic 0x{Bin.U16(node, 0):x4}");
        int entries = Bin.U16(node, 2), max = Bin.U16(node, 4), depth = Bin.U16(node, 6);
        if (entries > max || 12 + entries * 12 > node.Length)
            throw new DiskFormatException($"ext inode {inode.Number}: extent node claims {entries} entries (max {max})");
        if (depth > 5 || (expectedDepth >= 0 && depth != expectedDepth))
            throw new DiskFormatException($"ext inode {inode.Number}: extent node depth {depth} (expected {(expectedDepth < 0 ? "<= 5" : expectedDepth)})");
        for (var i = 0; i < entries; i++)
        {
            var o = 12 + i * 12;
            if (depth == 0)
            {
                long logical = Bin.U32(node, o);
                int len = Bin.U16(node, o + 4);
                var zero = len > 32768;
                if (zero) len -= 32768;
                var physical = ((long)Bin.U16(node, o + 6) << 32) | Bin.U32(node, o + 8);
                if (len == 0) continue;
                CheckBlock(inode, physical, len);
                runs.Add(new Ext4Run(logical, physical, len, zero));
            }
            else
            {
                var leaf = ((long)Bin.U16(node, o + 8) << 32) | Bin.U32(node, o + 4);
                CheckBlock(inode, leaf, 1);
                if (!visited.Add(leaf))
                    throw new DiskFormatException($"ext inode {inode.Number}: extent tree visits block {leaf} twice (loop)");
                ExtentNode(inode, _volume.ReadBytes(leaf * _blockSize, _blockSize), depth - 1, runs, visited);
            }
        }
    }

    private byte[] InlineData(Ext4Inode inode)
    {
        var size = inode.Size;
        var extra = size > 60 ? inode.InodeXattr(7, "data") ?? throw new DiskFormatException(
            $"ext inode {inode.Number}: inline data of {size} bytes but no system.data attribute") : [];
        if (size > 60 + extra.Length)
            throw new DiskFormatException($"ext inode {inode.Number}: inline data size {size} exceeds the inode's {60 + extra.Length} bytes");
        var data = new byte[size];
        inode.Block[..(int)Math.Min(size, 60)].CopyTo(data);
        if (size > 60) extra.AsSpan(0, (int)(size - 60)).CopyTo(data.AsSpan(60));
        return data;
    }

    private string SymlinkTarget(Ext4Inode inode)
    {
        var size = inode.Size;
        if (size > 65536) throw new DiskFormatException($"ext inode {inode.Number}: symlink target of {size} bytes");
        byte[] bytes;
        if ((inode.Flags & Ext4Inode.InlineDataFlag) != 0)
            bytes = InlineData(inode);
        else if (IsFastSymlink(inode))
            bytes = inode.Block[..(int)size].ToArray();
        else
        {
            bytes = new byte[size];
            using var s = new Ext4FileStream(_volume, _blockSize, Map(inode), size);
            s.ReadExactly(bytes);
        }
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>As the kernel decides: a symlink with no data blocks (other than an xattr block) keeps its target in i_block.</summary>
    private bool IsFastSymlink(Ext4Inode inode)
    {
        if (inode.Size >= 60) return false;
        var sectorsPerBlock = (inode.Flags & Ext4Inode.HugeFileFlag) != 0 ? 1 : _blockSize / 512;
        var eaBlocks = inode.FileAcl != 0 ? sectorsPerBlock : 0;
        return inode.Blocks - eaBlocks == 0;
    }

    // ---- directories ----

    private List<(string Name, uint Inode)> ReadDirectory(Ext4Inode dir)
    {
        var result = new List<(string, uint)>();
        if ((dir.Flags & Ext4Inode.InlineDataFlag) != 0)
        {
            // i_block: the parent's inode number, then entries; the rest in the system.data attribute.
            var data = InlineData(dir);
            var inBlock = Math.Min(data.Length, 60);
            ParseEntries(dir, data.AsSpan(4, Math.Max(0, inBlock - 4)), result);
            if (data.Length > 60) ParseEntries(dir, data.AsSpan(60), result);
            return result;
        }
        if (dir.Size > 1L << 32) throw new DiskFormatException($"ext directory inode {dir.Number}: size {dir.Size}");
        using var stream = new Ext4FileStream(_volume, _blockSize, Map(dir), dir.Size);
        var block = new byte[_blockSize];
        for (long pos = 0; pos < dir.Size; pos += _blockSize)
        {
            var n = (int)Math.Min(_blockSize, dir.Size - pos);
            stream.ReadExactly(block, 0, n);
            ParseEntries(dir, block.AsSpan(0, n), result);
        }
        return result;
    }

    private void ParseEntries(Ext4Inode dir, ReadOnlySpan<byte> block, List<(string, uint)> into)
    {
        var pos = 0;
        while (pos + 8 <= block.Length)
        {
            var inode = Bin.U32(block, pos);
            int recLen = Bin.U16(block, pos + 4);
            if (_blockSize >= 65536 && (recLen == 65535 || recLen == 0)) recLen = 65536;
            int nameLen = _fileType ? block[pos + 6] : Bin.U16(block, pos + 6);
            if (recLen < 8 || pos + recLen > block.Length || 8 + nameLen > recLen)
                throw new DiskFormatException($"ext directory inode {dir.Number}: corrupt entry (rec_len {recLen}, name_len {nameLen}) at byte {pos} of a block");
            if (inode != 0 && nameLen > 0)
            {
                var name = block.Slice(pos + 8, nameLen);
                if (!(name.SequenceEqual("."u8) || name.SequenceEqual(".."u8)))
                    into.Add((Encoding.UTF8.GetString(name), inode));
            }
            pos += recLen;
        }
    }
}
