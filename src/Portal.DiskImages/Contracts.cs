namespace Portal.DiskImages;

/// <summary>
/// Random-access bytes of a disk (or of a region of one): the only thing the readers need. Implementations read
/// ranges on demand (a SAS URL through ranged GETs, a local file) and must be safe to call from several threads.
/// A read past <see cref="Length"/> returns fewer bytes (0 at or past the end); a failing source throws
/// <see cref="DiskReadException"/> with what failed.
/// </summary>
public interface IDiskReader
{
    long Length { get; }

    /// <summary>Reads up to <c>buffer.Length</c> bytes at <paramref name="offset"/>; returns how many were read.</summary>
    int Read(long offset, Span<byte> buffer);
}

/// <summary>The source of the bytes failed (network, 403 on the SAS URL, truncated file).</summary>
public sealed class DiskReadException(string message, Exception? inner = null) : IOException(message, inner);

/// <summary>The bytes are not what the reader expected (bad magic, checksum, a loop in a directory tree).</summary>
public sealed class DiskFormatException(string message) : IOException(message);

/// <summary>How the image is wrapped.</summary>
public enum ImageFormat { Raw, FixedVhd }

/// <summary>A partition or logical volume found on the disk.</summary>
/// <param name="Index">1-based, in table order (LVM volumes continue after the partitions).</param>
/// <param name="Scheme">"MBR", "GPT", "LVM" or "None" (a file system on the whole disk).</param>
/// <param name="TypeId">MBR type byte as hex ("83"), GPT type GUID, or the LV's volume-group/name.</param>
/// <param name="Name">GPT partition name or LV name, when there is one.</param>
public sealed record PartitionInfo(int Index, string Scheme, long Offset, long Length, string TypeId, string? Name);

public enum FileEntryType { File, Directory, Symlink, Other }

/// <summary>One entry of a file system walk. Paths are absolute, '/'-separated, from the file system's root ("/etc/passwd").</summary>
/// <param name="Mode">POSIX mode bits (permissions + type) where the file system has them (ext4, XFS); null on NTFS.</param>
/// <param name="Id">The file system's own id (inode number, MFT record number): hard links share it.</param>
public sealed record FileEntry(
    string Path,
    FileEntryType Type,
    long Size,
    string? LinkTarget,
    long Id,
    int? Mode = null,
    int? Uid = null,
    int? Gid = null,
    DateTimeOffset? Modified = null);

/// <summary>A file system opened read-only over a region of a disk.</summary>
public interface IFileSystem
{
    /// <summary>"ext4", "ext3", "ext2", "NTFS", "XFS".</summary>
    string Kind { get; }

    string? Label { get; }

    /// <summary>Every entry, depth first, directories before their children; the root itself is not listed.
    /// Throws <see cref="DiskFormatException"/> on corrupt structures (never loops forever).</summary>
    IEnumerable<FileEntry> Walk(CancellationToken cancellationToken = default);

    /// <summary>A read-only stream of a regular file's content (holes read as zeros). Length == entry.Size.</summary>
    Stream OpenRead(FileEntry file);
}

/// <summary>What became of one partition or volume.</summary>
/// <param name="FileSystem">Opened file system, or null when skipped.</param>
/// <param name="SkipReason">Why it was not read ("XFS v4 not supported", "LVM physical volume: see its logical volumes",
/// "unknown file system (type 0x82, Linux swap)", "empty partition"); null when read.</param>
public sealed record VolumeResult(PartitionInfo Partition, IFileSystem? FileSystem, string? SkipReason);

/// <summary>A disk opened through its format, partition table(s) and volume manager.</summary>
public sealed record DiskLayout(ImageFormat Format, long DiskLength, string PartitionScheme, IReadOnlyList<VolumeResult> Volumes)
{
    /// <summary>Problems with the disk's structure that did not stop it being read (a corrupt GPT primary header
    /// read from its backup, an EBR chain that loops): what was found before the problem is in <see cref="Volumes"/>.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
