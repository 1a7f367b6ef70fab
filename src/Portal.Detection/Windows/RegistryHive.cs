using System.Buffers.Binary;
using System.Text;

namespace Portal.Detection.Windows;

public enum RegistryValueType { None = 0, String = 1, ExpandString = 2, Binary = 3, DWord = 4, DWordBigEndian = 5, Link = 6, MultiString = 7, QWord = 11 }

/// <summary>A value of a registry key: its type and raw data, with the usual readings of them.</summary>
public sealed record RegistryValue(string Name, RegistryValueType Type, byte[] Data)
{
    /// <summary>REG_SZ / REG_EXPAND_SZ / REG_LINK as text (UTF-16LE, up to the first NUL); null for other types.</summary>
    public string? AsString() => Type is RegistryValueType.String or RegistryValueType.ExpandString or RegistryValueType.Link
        ? Utf16(Data).Split('\0')[0] : null;

    public IReadOnlyList<string>? AsMultiString() => Type == RegistryValueType.MultiString
        ? Utf16(Data).TrimEnd('\0').Split('\0') : null;

    public long? AsNumber() => Type switch
    {
        RegistryValueType.DWord when Data.Length >= 4 => BinaryPrimitives.ReadUInt32LittleEndian(Data),
        RegistryValueType.DWordBigEndian when Data.Length >= 4 => BinaryPrimitives.ReadUInt32BigEndian(Data),
        RegistryValueType.QWord when Data.Length >= 8 => BinaryPrimitives.ReadInt64LittleEndian(Data),
        _ => null,
    };

    private static string Utf16(byte[] data) => Encoding.Unicode.GetString(data, 0, data.Length & ~1);
}

/// <summary>The hive is not a readable registry file (bad signature, a cell outside the file, a loop).</summary>
public sealed class RegistryFormatException(string message) : IOException(message);

/// <summary>
/// A Windows registry hive file (regf), read-only, by the format as libyal documents it (Windows NT Registry File
/// format): the base block, hive bins of cells, key nodes (nk), subkey lists (lf, lh, li, ri), value keys (vk) with
/// resident, cell and big-data (db) storage. Only the primary file is read: changes still in the transaction logs
/// (*.LOG1/2) of a hive that was not flushed are not seen. Lookups are case-insensitive, as Windows does them.
/// </summary>
public sealed class RegistryHive
{
    private const int HiveBinsOffset = 4096;
    private readonly Stream _stream;
    private readonly long _binsLength;

    private RegistryHive(Stream stream, int rootCell, long binsLength)
    {
        _stream = stream;
        _binsLength = binsLength;
        Root = new RegistryKey(this, rootCell, null);
    }

    public RegistryKey Root { get; }

    /// <summary>Opens a hive over a seekable stream (a file of a walked NTFS volume, or a local file).</summary>
    public static RegistryHive Open(Stream stream)
    {
        if (!stream.CanSeek) throw new ArgumentException("A registry hive is read by offset: the stream must be seekable.", nameof(stream));
        var header = new byte[512];
        stream.Position = 0;
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || Encoding.ASCII.GetString(header, 0, 4) != "regf")
            throw new RegistryFormatException("not a registry hive (no \"regf\" signature)");
        var root = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(0x24));
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(0x28));
        var available = stream.Length - HiveBinsOffset;
        var hive = new RegistryHive(stream, root, Math.Min(length == 0 ? available : length, available));
        if (hive.ReadCell(root) is not { } rootCell || Sig(rootCell) != "nk") throw new RegistryFormatException("the root key cell is not a key node");
        return hive;
    }

    /// <summary>The key at a backslash-separated path from the root (<c>Microsoft\Windows NT\CurrentVersion</c>); null when absent.</summary>
    public RegistryKey? OpenKey(string path)
    {
        var key = Root;
        foreach (var part in path.Split('\\', StringSplitOptions.RemoveEmptyEntries))
            if ((key = key.GetSubkey(part)!) is null) return null;
        return key;
    }

    private static string Sig(byte[] cell) => cell.Length >= 2 ? Encoding.ASCII.GetString(cell, 0, 2) : "";

    /// <summary>A cell's data (without its size field), or null for an offset outside the hive bins.</summary>
    internal byte[]? ReadCell(int offset)
    {
        if (offset < 0 || offset + 4L > _binsLength) return null;
        var size = new byte[4];
        ReadAt(HiveBinsOffset + (long)offset, size);
        var length = Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(size));
        if (length < 4 || offset + (long)length > _binsLength) throw new RegistryFormatException($"the cell at 0x{offset:x} has an impossible size ({length})");
        var data = new byte[length - 4];
        ReadAt(HiveBinsOffset + (long)offset + 4, data);
        return data;
    }

    private void ReadAt(long position, byte[] buffer)
    {
        lock (_stream)
        {
            _stream.Position = position;
            if (_stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) < buffer.Length)
                throw new RegistryFormatException($"the hive ends inside a cell at 0x{position:x}");
        }
    }

    internal byte[] Node(int offset, string signature)
    {
        var cell = ReadCell(offset) ?? throw new RegistryFormatException($"a reference to 0x{offset:x} points outside the hive");
        if (Sig(cell) != signature) throw new RegistryFormatException($"the cell at 0x{offset:x} is \"{Sig(cell)}\", not \"{signature}\"");
        return cell;
    }

    /// <summary>The key node offsets of a subkey list, following ri (index of lists) one level deep as Windows writes them.</summary>
    internal IEnumerable<int> SubkeyOffsets(int listOffset, int depth = 0)
    {
        if (listOffset == -1 || depth > 2) yield break;
        var cell = ReadCell(listOffset) ?? throw new RegistryFormatException($"a subkey list at 0x{listOffset:x} is outside the hive");
        var count = BinaryPrimitives.ReadUInt16LittleEndian(cell.AsSpan(2));
        switch (Sig(cell))
        {
            case "lf" or "lh":
                for (var i = 0; i < count && 4 + i * 8 + 4 <= cell.Length; i++) yield return BinaryPrimitives.ReadInt32LittleEndian(cell.AsSpan(4 + i * 8));
                break;
            case "li":
                for (var i = 0; i < count && 4 + i * 4 + 4 <= cell.Length; i++) yield return BinaryPrimitives.ReadInt32LittleEndian(cell.AsSpan(4 + i * 4));
                break;
            case "ri":
                for (var i = 0; i < count && 4 + i * 4 + 4 <= cell.Length; i++)
                    foreach (var o in SubkeyOffsets(BinaryPrimitives.ReadInt32LittleEndian(cell.AsSpan(4 + i * 4)), depth + 1)) yield return o;
                break;
            default:
                throw new RegistryFormatException($"the subkey list at 0x{listOffset:x} is \"{Sig(cell)}\", not lf, lh, li or ri");
        }
    }

    /// <summary>A value's data: resident in the vk (4 bytes or fewer), in one cell, or in big-data segments (db).</summary>
    internal byte[] ValueData(uint size, int offset)
    {
        if ((size & 0x80000000) != 0)
        {
            var resident = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(resident, offset);
            return resident[..(int)Math.Min(size & 0x7FFFFFFF, 4)];
        }
        if (size == 0) return [];
        var cell = ReadCell(offset) ?? throw new RegistryFormatException($"value data at 0x{offset:x} is outside the hive");
        if (size > 16344 && Sig(cell) == "db")
        {
            var segments = BinaryPrimitives.ReadUInt16LittleEndian(cell.AsSpan(2));
            var list = ReadCell(BinaryPrimitives.ReadInt32LittleEndian(cell.AsSpan(4))) ?? throw new RegistryFormatException("a big-data segment list is outside the hive");
            var data = new MemoryStream((int)size);
            for (var i = 0; i < segments && data.Length < size; i++)
            {
                var segment = ReadCell(BinaryPrimitives.ReadInt32LittleEndian(list.AsSpan(i * 4))) ?? throw new RegistryFormatException("a big-data segment is outside the hive");
                data.Write(segment, 0, (int)Math.Min(Math.Min(segment.Length, 16344), size - data.Length));
            }
            return data.ToArray();
        }
        return cell.Length >= size ? cell[..(int)size] : throw new RegistryFormatException($"value data at 0x{offset:x} is shorter than its size {size}");
    }
}

/// <summary>A key of a hive: its name, last write time, subkeys and values (read when asked for).</summary>
public sealed class RegistryKey
{
    private readonly RegistryHive _hive;
    private readonly byte[] _node;

    /// <param name="parentPath">The parent's path; null for the root key.</param>
    internal RegistryKey(RegistryHive hive, int offset, string? parentPath)
    {
        _hive = hive;
        _node = hive.Node(offset, "nk");
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(_node.AsSpan(2));
        var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(_node.AsSpan(0x48));
        var raw = _node.AsSpan(0x4C, Math.Min(nameLength, _node.Length - 0x4C));
        // KEY_COMP_NAME (0x20): the name is stored in Latin-1 ("ASCII" in the format's words), else UTF-16LE.
        Name = (flags & 0x20) != 0 ? Encoding.Latin1.GetString(raw) : Encoding.Unicode.GetString(raw);
        LastWritten = DateTime.FromFileTimeUtc(Math.Max(0, BinaryPrimitives.ReadInt64LittleEndian(_node.AsSpan(4))));
        Path = parentPath is null ? "" : parentPath.Length == 0 ? Name : parentPath + "\\" + Name;
    }

    public string Name { get; }
    /// <summary>The key's path from the hive's root ("" for the root).</summary>
    public string Path { get; }
    public DateTime LastWritten { get; }

    private int SubkeyCount => BinaryPrimitives.ReadInt32LittleEndian(_node.AsSpan(0x14));
    private int SubkeyList => BinaryPrimitives.ReadInt32LittleEndian(_node.AsSpan(0x1C));
    private int ValueCount => BinaryPrimitives.ReadInt32LittleEndian(_node.AsSpan(0x24));
    private int ValueList => BinaryPrimitives.ReadInt32LittleEndian(_node.AsSpan(0x28));

    public IEnumerable<RegistryKey> Subkeys()
    {
        if (SubkeyCount == 0) yield break;
        var seen = 0;
        foreach (var offset in _hive.SubkeyOffsets(SubkeyList))
        {
            if (++seen > SubkeyCount) throw new RegistryFormatException($"the key {Path} lists more subkeys than it counts");
            yield return new RegistryKey(_hive, offset, Path);
        }
    }

    public RegistryKey? GetSubkey(string name) => Subkeys().FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<RegistryValue> Values()
    {
        if (ValueCount <= 0) yield break;
        var list = _hive.ReadCell(ValueList) ?? throw new RegistryFormatException($"the value list of {Path} is outside the hive");
        for (var i = 0; i < ValueCount && i * 4 + 4 <= list.Length; i++)
        {
            var vk = _hive.Node(BinaryPrimitives.ReadInt32LittleEndian(list.AsSpan(i * 4)), "vk");
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(vk.AsSpan(2));
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(vk.AsSpan(0x10));
            var raw = vk.AsSpan(0x14, Math.Min(nameLength, vk.Length - 0x14));
            var name = (flags & 1) != 0 ? Encoding.Latin1.GetString(raw) : Encoding.Unicode.GetString(raw);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(vk.AsSpan(4));
            var type = (RegistryValueType)BinaryPrimitives.ReadUInt32LittleEndian(vk.AsSpan(0x0C));
            yield return new RegistryValue(name, type, _hive.ValueData(size, BinaryPrimitives.ReadInt32LittleEndian(vk.AsSpan(8))));
        }
    }

    /// <summary>A value by name (case-insensitive; "" is the key's default value); null when absent.</summary>
    public RegistryValue? GetValue(string name) => Values().FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
}
