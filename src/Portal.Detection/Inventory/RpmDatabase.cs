using System.Buffers.Binary;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Portal.Detection.Inventory;

/// <summary>
/// Installed packages from rpm's SQLite database (rpmdb.sqlite: RHEL 9, Fedora 33+, in /var/lib/rpm or
/// /usr/lib/sysimage/rpm): each row of the Packages table is an rpm header blob (rpm's lib/header.c format: big-endian
/// index count and data length, 16-byte index entries of tag, type, offset and count, then the data store). The older
/// Berkeley DB "Packages" file (RHEL 8 and earlier) is not read: <see cref="ReadFrom"/> says so.
/// </summary>
public static class RpmDatabase
{
    private const int TagName = 1000, TagVersion = 1001, TagRelease = 1002, TagEpoch = 1003, TagArch = 1022, TagSourceRpm = 1044;
    private const int TypeInt32 = 4, TypeString = 6, TypeStringArray = 8, TypeI18nString = 9;

    public static readonly string[] SqlitePaths = ["/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite"];

    /// <summary>The packages of the volume's rpm database, or the reason none could be read (null, null when there is no rpm database).</summary>
    public static (IReadOnlyList<InstalledPackage>? Packages, string? Unreadable) ReadFrom(VolumeFiles files)
    {
        foreach (var path in SqlitePaths)
            if (files.Resolve(path) is { Type: Portal.DiskImages.FileEntryType.File } entry)
            {
                // SQLite needs a file: copy the database (tens of MB at most) out of the snapshot to a private temp file.
                var temp = Path.Combine(Path.GetTempPath(), $"rpmdb-{Guid.NewGuid():N}.sqlite");
                try
                {
                    using (var source = files.Open(entry))
                    using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.None))
                        source.CopyTo(target);
                    File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                    return (ReadSqlite(temp), null);
                }
                catch (Exception ex) when (ex is SqliteException or FormatException or IOException)
                {
                    return (null, $"the rpm database {path} could not be read ({ex.Message})");
                }
                finally
                {
                    SqliteConnection.ClearAllPools();
                    File.Delete(temp);
                }
            }
        if (files.Resolve("/var/lib/rpm/Packages") is not null)
            return (null, "the rpm database is in the Berkeley DB format of RHEL 8 and older, which is not read; packages of this volume are not inventoried");
        return (null, null);
    }

    public static IReadOnlyList<InstalledPackage> ReadSqlite(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT blob FROM Packages ORDER BY hnum";
        using var reader = command.ExecuteReader();
        var result = new List<InstalledPackage>();
        while (reader.Read())
            if (ParseHeader((byte[])reader[0]) is { } package) result.Add(package);
        return result;
    }

    /// <summary>One header blob; null for the gpg-pubkey pseudo-packages rpm keeps for imported keys.</summary>
    public static InstalledPackage? ParseHeader(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 8) throw new FormatException("an rpm header is shorter than its 8-byte preamble");
        var count = BinaryPrimitives.ReadInt32BigEndian(blob);
        var dataLength = BinaryPrimitives.ReadInt32BigEndian(blob[4..]);
        var dataStart = 8 + 16L * count;
        if (count < 0 || dataLength < 0 || dataStart + dataLength > blob.Length) throw new FormatException($"an rpm header claims {count} entries and {dataLength} data bytes, more than its {blob.Length} bytes");
        var data = blob.Slice((int)dataStart, dataLength);
        string? name = null, version = null, release = null, arch = null, sourceRpm = null;
        int? epoch = null;
        for (var i = 0; i < count; i++)
        {
            var e = blob.Slice(8 + 16 * i, 16);
            var tag = BinaryPrimitives.ReadInt32BigEndian(e);
            var type = BinaryPrimitives.ReadInt32BigEndian(e[4..]);
            var offset = BinaryPrimitives.ReadInt32BigEndian(e[8..]);
            if (offset < 0 || offset >= data.Length) continue;
            switch (tag)
            {
                case TagName: name = String(data, offset, type); break;
                case TagVersion: version = String(data, offset, type); break;
                case TagRelease: release = String(data, offset, type); break;
                case TagArch: arch = String(data, offset, type); break;
                case TagSourceRpm: sourceRpm = String(data, offset, type); break;
                case TagEpoch when type == TypeInt32 && offset + 4 <= data.Length: epoch = BinaryPrimitives.ReadInt32BigEndian(data[offset..]); break;
            }
        }
        if (name is null || version is null) throw new FormatException("an rpm header has no name or version");
        if (name == "gpg-pubkey") return null;
        var evr = (epoch is { } ep ? $"{ep}:" : "") + version + (release is null ? "" : "-" + release);
        // Red Hat advisories name the binary package; the source rpm (name-version-release.src.rpm) is kept for display.
        return new InstalledPackage("rpm", name, evr, arch, SourceName: SourceName(sourceRpm), SourceVersion: sourceRpm is null ? null : evr);
    }

    private static string? String(ReadOnlySpan<byte> data, int offset, int type)
    {
        if (type is not (TypeString or TypeStringArray or TypeI18nString)) return null;
        var end = data[offset..].IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? data[offset..] : data.Slice(offset, end));
    }

    /// <summary>"openssl-3.0.7-27.el9.src.rpm" → "openssl" (name-version-release: the name is what precedes the last two dashes).</summary>
    private static string? SourceName(string? sourceRpm)
    {
        var nvr = sourceRpm switch
        {
            null => null,
            _ when sourceRpm.EndsWith(".src.rpm", StringComparison.Ordinal) => sourceRpm[..^".src.rpm".Length],
            _ when sourceRpm.EndsWith(".nosrc.rpm", StringComparison.Ordinal) => sourceRpm[..^".nosrc.rpm".Length],
            _ => null,
        };
        if (nvr is null) return null;
        var release = nvr.LastIndexOf('-');
        var version = release > 0 ? nvr.LastIndexOf('-', release - 1) : -1;
        return version > 0 ? nvr[..version] : null;
    }
}
