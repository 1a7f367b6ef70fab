using System.Collections.Concurrent;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace AzureSim;

/// <summary>
/// The bytes of a disk image a managed disk, snapshot or image starts with: an embedded demo image (gzip, decompressed
/// lazily to a sparse cache file), or a raw / .gz image file on disk. Shared by every disk and snapshot that carries it
/// (nothing is copied on snapshot). Thread-safe.
/// </summary>
public sealed class ContentImage : IDisposable
{
    private readonly Lazy<(SafeFileHandle Handle, long Length)> _file;

    private ContentImage(string name, Func<(SafeFileHandle, long)> open)
    {
        Name = name;
        _file = new Lazy<(SafeFileHandle, long)>(open, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>"builtin:ubuntu2204" or the file path it came from.</summary>
    public string Name { get; }

    /// <summary>Bytes of the image itself (the disk beyond it reads as zeros).</summary>
    public long Length => _file.Value.Length;

    /// <summary>Reads at <paramref name="offset"/>; past the image's end returns 0.</summary>
    public int Read(long offset, Span<byte> buffer)
    {
        var (h, len) = _file.Value;
        if (offset >= len) return 0;
        var n = (int)Math.Min(buffer.Length, len - offset);
        var total = 0;
        while (total < n)
        {
            var r = RandomAccess.Read(h, buffer.Slice(total, n - total), offset + total);
            if (r <= 0) break;
            total += r;
        }
        return total;
    }

    /// <summary>Names of the demo images shipped in the assembly (DiskImages/*.img.gz).</summary>
    public static IReadOnlyList<string> BuiltinNames { get; } = typeof(ContentImage).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".img.gz", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^".img.gz".Length]).OrderBy(n => n, StringComparer.Ordinal).ToList();

    private const string ResourcePrefix = "AzureSim.DiskImages.";

    private static readonly ConcurrentDictionary<string, ContentImage> Cache = new(StringComparer.Ordinal);

    /// <summary>
    /// "builtin:&lt;name&gt;" (an embedded demo image), or a path to a raw image or a gzip-compressed one (*.gz).
    /// Images are shared process-wide by name/path.
    /// </summary>
    public static ContentImage Resolve(string spec)
    {
        if (string.IsNullOrWhiteSpace(spec)) throw new ArgumentException("An empty content image name.");
        if (spec.StartsWith("builtin:", StringComparison.OrdinalIgnoreCase))
        {
            var name = spec["builtin:".Length..];
            if (!BuiltinNames.Contains(name, StringComparer.Ordinal))
                throw new ArgumentException($"Unknown built-in disk image '{name}'. Known: {string.Join(", ", BuiltinNames)}.");
            return Cache.GetOrAdd("builtin:" + name, k => new ContentImage(k, () => FromEmbedded(name)));
        }
        var full = Path.GetFullPath(spec);
        if (!File.Exists(full)) throw new FileNotFoundException($"Disk image file '{full}' does not exist.", full);
        // keyed by path + size + time: a test that rewrites the file gets the new bytes
        var info = new FileInfo(full);
        var key = $"{full}|{info.Length}|{info.LastWriteTimeUtc.Ticks}";
        return Cache.GetOrAdd(key, _ => new ContentImage(full, () => full.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? Decompressed(() => File.OpenRead(full))
            : OpenRaw(full)));
    }

    /// <summary>The compressed bytes of a built-in image (tests check them with an independent tool).</summary>
    public static Stream OpenBuiltinCompressed(string name) =>
        typeof(ContentImage).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".img.gz")
        ?? throw new ArgumentException($"Unknown built-in disk image '{name}'.");

    private static (SafeFileHandle, long) FromEmbedded(string name) => Decompressed(() => OpenBuiltinCompressed(name));

    private static (SafeFileHandle, long) OpenRaw(string path)
    {
        var h = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return (h, RandomAccess.GetLength(h));
    }

    /// <summary>Decompresses once into a sparse cache file named by the compressed bytes' hash (shared by processes).</summary>
    private static (SafeFileHandle, long) Decompressed(Func<Stream> openCompressed)
    {
        string hash;
        using (var s = openCompressed()) hash = Convert.ToHexString(SHA256.HashData(s))[..24].ToLowerInvariant();
        var dir = Path.Combine(Path.GetTempPath(), "azuresim-disks");
        Directory.CreateDirectory(dir);
        var target = Path.Combine(dir, hash + ".img");
        if (!File.Exists(target))
        {
            var tmp = target + "." + Environment.ProcessId + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
            using (var src = new GZipStream(openCompressed(), CompressionMode.Decompress))
            using (var dst = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                // zero blocks are skipped (seek), so a mostly empty file system costs only its used blocks on disk
                var buf = new byte[64 * 1024];
                long pos = 0;
                while (true)
                {
                    var n = src.ReadAtLeast(buf, buf.Length, throwOnEndOfStream: false);
                    if (n == 0) break;
                    if (buf.AsSpan(0, n).ContainsAnyExcept((byte)0))
                    {
                        dst.Position = pos;
                        dst.Write(buf, 0, n);
                    }
                    pos += n;
                }
                dst.SetLength(pos);
            }
            try { File.Move(tmp, target, overwrite: false); }
            catch (IOException) when (File.Exists(target)) { File.Delete(tmp); } // another process won the race
        }
        return OpenRaw(target);
    }

    public void Dispose()
    {
        if (_file.IsValueCreated) _file.Value.Handle.Dispose();
    }
}

/// <summary>What each disk, snapshot and image resource holds (by resource id). Resources without an entry read as zeros.</summary>
public sealed class DiskContentStore
{
    private readonly ConcurrentDictionary<string, ContentImage> _content = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gives a resource (disk, snapshot, image) the content of an image (see <see cref="ContentImage.Resolve"/>).</summary>
    public void Set(string resourceId, ContentImage image) => _content[SimState.Norm(resourceId)] = image;

    public void Set(string resourceId, string imageSpec) => Set(resourceId, ContentImage.Resolve(imageSpec));

    public ContentImage? Get(string resourceId) => _content.GetValueOrDefault(SimState.Norm(resourceId));

    public void Remove(string resourceId) => _content.TryRemove(SimState.Norm(resourceId), out _);

    /// <summary>A copy (snapshot of a disk, disk from a snapshot) shares its source's content.</summary>
    public void CopyFrom(string targetId, string sourceId)
    {
        if (Get(sourceId) is { } img) Set(targetId, img);
        else Remove(targetId);
    }
}

/// <summary>The page blob a disk is exported as: a fixed VHD (the disk's bytes, then a 512-byte footer).</summary>
internal sealed class VhdBlob(ContentImage? image, long diskSize, Guid uniqueId, DateTimeOffset created)
{
    public long DiskSize { get; } = diskSize;
    public long Length => DiskSize + 512;
    private readonly byte[] _footer = VhdFooter.Build(diskSize, uniqueId, created);

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>: image bytes, then zeros, then the footer.</summary>
    public int Read(long offset, Span<byte> buffer)
    {
        if (offset >= Length) return 0;
        var n = (int)Math.Min(buffer.Length, Length - offset);
        var dst = buffer[..n];
        var done = 0;
        while (done < n)
        {
            var pos = offset + done;
            var span = dst[done..];
            if (pos >= DiskSize)
            {
                var f = (int)(pos - DiskSize);
                var c = Math.Min(span.Length, 512 - f);
                _footer.AsSpan(f, c).CopyTo(span);
                done += c;
                continue;
            }
            var limit = (int)Math.Min(span.Length, DiskSize - pos);
            var got = 0;
            var imgLen = image?.Length ?? 0;
            if (image != null && pos < imgLen)
                got = image.Read(pos, span[..(int)Math.Min(limit, imgLen - pos)]);
            if (got == 0)
            {
                // past the image (or a hole): zeros up to the image's start or the disk's end, never allocated
                span[..limit].Clear();
                got = limit;
            }
            done += got;
        }
        return n;
    }
}

/// <summary>The 512-byte VHD footer of a fixed disk (Microsoft's VHD Image Format Specification).</summary>
public static class VhdFooter
{
    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Build(long diskSize, Guid uniqueId, DateTimeOffset created)
    {
        var f = new byte[512];
        "conectix"u8.CopyTo(f);
        BE32(f, 8, 2);                       // features: reserved bit always set
        BE32(f, 12, 0x00010000);             // file format version 1.0
        BE64(f, 16, ulong.MaxValue);         // data offset: none for a fixed disk
        BE32(f, 24, (uint)Math.Max(0, (created - Epoch).TotalSeconds));
        "win "u8.CopyTo(f.AsSpan(28));       // creator application (Azure/Hyper-V)
        BE32(f, 32, 0x000A0000);             // creator version 10.0
        "Wi2k"u8.CopyTo(f.AsSpan(36));       // creator host OS: Windows
        BE64(f, 40, (ulong)diskSize);        // original size
        BE64(f, 48, (ulong)diskSize);        // current size
        var (c, h, s) = Geometry(diskSize);
        f[56] = (byte)(c >> 8); f[57] = (byte)c; f[58] = (byte)h; f[59] = (byte)s;
        BE32(f, 60, 2);                      // disk type: fixed
        uniqueId.TryWriteBytes(f.AsSpan(68, 16), bigEndian: true, out _);
        f[84] = 0;                           // saved state
        BE32(f, 64, Checksum(f));
        return f;
    }

    /// <summary>One's complement of the byte sum, the checksum field itself counted as zero.</summary>
    public static uint Checksum(ReadOnlySpan<byte> footer)
    {
        uint sum = 0;
        for (var i = 0; i < 512; i++)
            if (i is < 64 or > 67) sum += footer[i];
        return ~sum;
    }

    /// <summary>CHS geometry as the specification's algorithm computes it from the sector count.</summary>
    public static (int Cylinders, int Heads, int SectorsPerTrack) Geometry(long diskSize)
    {
        var totalSectors = diskSize / 512;
        if (totalSectors > 65535L * 16 * 255) totalSectors = 65535L * 16 * 255;
        int spt, heads;
        long cth;
        if (totalSectors >= 65535L * 16 * 63)
        {
            spt = 255; heads = 16; cth = totalSectors / spt;
        }
        else
        {
            spt = 17;
            cth = totalSectors / spt;
            heads = (int)((cth + 1023) / 1024);
            if (heads < 4) heads = 4;
            if (cth >= heads * 1024L || heads > 16) { spt = 31; heads = 16; cth = totalSectors / spt; }
            if (cth >= heads * 1024L) { spt = 63; heads = 16; cth = totalSectors / spt; }
        }
        var cyl = (int)(cth / heads);
        return (cyl, heads, spt);
    }

    private static void BE32(byte[] b, int o, uint v) => System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(b.AsSpan(o), v);
    private static void BE64(byte[] b, int o, ulong v) => System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(o), v);
}
