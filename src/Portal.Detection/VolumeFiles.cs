using System.Text;
using Portal.DiskImages;

namespace Portal.Detection;

/// <summary>
/// The few files of a walked volume that the inventory and the baseline read by path (/etc, the package databases,
/// os-release), kept while the walk streams past, with symlinks resolved the way the mounted system would resolve them.
/// Everything else is seen once in the walk and not kept, so memory stays small on large disks.
/// </summary>
public sealed class VolumeFiles(Func<FileEntry, Stream> open, bool caseInsensitive = false)
{
    // NTFS paths are case-insensitive (Windows looks up \windows\system32 as \Windows\System32).
    private readonly Dictionary<string, FileEntry> _kept = new(caseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    /// <summary>Opens a kept regular file's content.</summary>
    public Stream Open(FileEntry entry) => open(entry);

    /// <summary>Whether an entry at this path is kept for reading by path.</summary>
    public static bool IsKept(string path) =>
        path.StartsWith("/etc/", StringComparison.Ordinal) || path == "/etc"
        || path is "/usr/lib/os-release" or "/var/lib/dpkg/status" or "/lib/apk/db/installed"
        || path.StartsWith("/usr/lib/sysimage/rpm/", StringComparison.Ordinal) || path.StartsWith("/var/lib/rpm/", StringComparison.Ordinal)
        // The registry hives Windows inventory and baseline read (SOFTWARE, SYSTEM, SAM).
        || (path.StartsWith("/Windows/System32/config/", StringComparison.OrdinalIgnoreCase) && path.IndexOf('/', 25) < 0);

    public int Count => _kept.Count;

    public void Add(FileEntry entry)
    {
        if (IsKept(entry.Path)) _kept[entry.Path] = entry;
    }

    /// <summary>The entry a path leads to after following symlinks (absolute and relative, at most 16 hops); null when absent.</summary>
    public FileEntry? Resolve(string path)
    {
        for (var hop = 0; hop < 16; hop++)
        {
            if (!_kept.TryGetValue(path, out var e)) return null;
            if (e.Type != FileEntryType.Symlink || e.LinkTarget is null) return e;
            path = Normalize(e.LinkTarget.StartsWith('/') ? e.LinkTarget : path[..path.LastIndexOf('/')] + "/" + e.LinkTarget);
        }
        return null;
    }

    /// <summary>The text of a regular file (UTF-8, at most <paramref name="maxBytes"/>), or null when it is absent or not a file.</summary>
    public string? ReadText(string path, int maxBytes = 8 * 1024 * 1024)
    {
        if (Resolve(path) is not { Type: FileEntryType.File } e) return null;
        using var s = open(e);
        var buffer = new byte[(int)Math.Min(e.Size, maxBytes)];
        var read = 0;
        while (read < buffer.Length && s.Read(buffer, read, buffer.Length - read) is var n and > 0) read += n;
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>Kept entries whose path matches a glob of one directory (<c>/etc/ssh/sshd_config.d/*.conf</c>), in lexical order as glob(3) returns them.</summary>
    public IReadOnlyList<string> Glob(string pattern)
    {
        var slash = pattern.LastIndexOf('/');
        var dir = pattern[..slash];
        var regex = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(pattern[(slash + 1)..]).Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]") + "$");
        return _kept.Keys.Where(p => p.Length > dir.Length + 1 && p.StartsWith(dir + "/", StringComparison.Ordinal) && p.IndexOf('/', dir.Length + 1) < 0 && regex.IsMatch(p[(dir.Length + 1)..]))
            .Order(StringComparer.Ordinal).ToList();
    }

    private static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return "/" + string.Join('/', parts);
    }
}
