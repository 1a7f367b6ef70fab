using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Portal.DiskImages;

namespace Portal.DiskImages.FsTests;

/// <summary>A local image file as an IDiskReader (the tests' own; the product reads SAS URLs through a cache).
/// Counts reads so a test can show a walk does not read the whole image.</summary>
sealed class ImageFileReader : IDiskReader, IDisposable
{
    readonly FileStream _file;
    readonly long _length;
    public long BytesRead;

    public ImageFileReader(string path, long? length = null)
    {
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.RandomAccess);
        _length = length ?? _file.Length;
    }

    public long Length => _length;

    public int Read(long offset, Span<byte> buffer)
    {
        if (offset >= _length) return 0;
        if (offset + buffer.Length > _length) buffer = buffer[..(int)(_length - offset)];
        int n = RandomAccess.Read(_file.SafeFileHandle, buffer, offset);
        Interlocked.Add(ref BytesRead, n);
        return n;
    }

    public void Dispose() => _file.Dispose();
}

static class Tool
{
    /// <summary>Runs a Debian tool and returns its stdout; a non-zero exit or a time-out fails the test with stderr.</summary>
    public static string Run(string file, IEnumerable<string> args, int timeoutSeconds = 120, IDictionary<string, string>? env = null, bool allowFailure = false) =>
        RunFull(file, args, timeoutSeconds, env, allowFailure).Stdout;

    public static (int Exit, string Stdout, string Stderr) RunFull(string file, IEnumerable<string> args, int timeoutSeconds = 120, IDictionary<string, string>? env = null, bool allowFailure = false)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LC_ALL"] = "C.UTF-8";
        psi.Environment["TZ"] = "UTC";
        if (env != null) foreach (var (k, v) in env) psi.Environment[k] = v;
        psi.StandardOutputEncoding = Encoding.UTF8;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeoutSeconds}s");
        }
        p.WaitForExit();
        if (p.ExitCode != 0 && !allowFailure)
            throw new InvalidOperationException($"{file} {string.Join(' ', psi.ArgumentList)} exited {p.ExitCode}: {stderr.Result}{stdout.Result}");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string Sha256(Stream s) => Convert.ToHexString(SHA256.HashData(s));

    public static string Sha256(string path)
    {
        using var f = File.OpenRead(path);
        return Sha256(f);
    }

    public static string TempDir(string prefix)
    {
        var d = Path.Combine(Path.GetTempPath(), $"{prefix}-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>Creates a sparse file of the given size (the images are hundreds of MB apparent, a few MB real).</summary>
    public static void Sparse(string path, long size)
    {
        using var f = new FileStream(path, FileMode.Create);
        f.SetLength(size);
    }
}

/// <summary>What an oracle says one entry is; compared field by field with what a reader walks.</summary>
sealed record Expected(string Path, FileEntryType Type, long Size, string? LinkTarget, long? Id, string? Sha256, int? Mode = null, DateTimeOffset? Modified = null);

static class Compare
{
    /// <summary>The reader's walk must hold exactly the oracle's paths, each with the same type, size, id, symlink
    /// target and content hash; failures list the first differences rather than one bare boolean.</summary>
    public static void WalkEquals(IFileSystem fs, IReadOnlyDictionary<string, Expected> oracle, string oracleName)
    {
        var walked = fs.Walk().ToList();
        var dupes = walked.GroupBy(e => e.Path).Where(g => g.Count() > 1).Select(g => g.Key).Take(5).ToList();
        Assert.True(dupes.Count == 0, $"paths walked twice: {string.Join(", ", dupes)}");
        var mine = walked.ToDictionary(e => e.Path);
        var missing = oracle.Keys.Except(mine.Keys).Order(StringComparer.Ordinal).Take(10).ToList();
        var extra = mine.Keys.Except(oracle.Keys).Order(StringComparer.Ordinal).Take(10).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{oracleName} lists {oracle.Count} paths, the reader {mine.Count}; missing: [{string.Join(", ", missing)}] extra: [{string.Join(", ", extra)}]");

        var diffs = new List<string>();
        foreach (var (path, exp) in oracle)
        {
            var e = mine[path];
            if (e.Type != exp.Type) diffs.Add($"{path}: type {e.Type}, {oracleName} {exp.Type}");
            if (e.Size != exp.Size) diffs.Add($"{path}: size {e.Size}, {oracleName} {exp.Size}");
            if (e.LinkTarget != exp.LinkTarget) diffs.Add($"{path}: link {e.LinkTarget}, {oracleName} {exp.LinkTarget}");
            if (exp.Id is { } id && e.Id != id) diffs.Add($"{path}: id {e.Id}, {oracleName} {id}");
            if (exp.Mode is { } mode && e.Mode != mode) diffs.Add($"{path}: mode {e.Mode:o}, {oracleName} {mode:o}");
            if (exp.Modified is { } m && (e.Modified is not { } em || Math.Abs((em - m).TotalMilliseconds) > 1))
                diffs.Add($"{path}: modified {e.Modified:O}, {oracleName} {m:O}");
            if (exp.Sha256 != null && e.Type == FileEntryType.File)
            {
                using var s = fs.OpenRead(e);
                if (s.Length != e.Size) diffs.Add($"{path}: stream length {s.Length} != size {e.Size}");
                var sha = Tool.Sha256(s);
                if (sha != exp.Sha256) diffs.Add($"{path}: content SHA-256 {sha[..12]}, oracle {exp.Sha256[..12]}");
            }
            if (diffs.Count >= 20) break;
        }
        Assert.True(diffs.Count == 0, string.Join("\n", diffs));

        // Depth first, directories before their children.
        var seen = new HashSet<string>();
        foreach (var e in walked)
        {
            var parent = e.Path[..e.Path.LastIndexOf('/')];
            Assert.True(parent.Length == 0 || seen.Contains(parent), $"{e.Path} walked before its directory");
            seen.Add(e.Path);
        }
    }
}

/// <summary>
/// The source tree both file systems are built from: small and large files, an empty file, deep paths, non-ASCII
/// names, a 10,000-entry directory and symlinks (short, long, dangling). Content is deterministic.
/// </summary>
static class SourceTree
{
    public const int ManyEntries = 10_000;
    public const int Depth = 40;

    public static string DeepDir => string.Join('/', Enumerable.Range(1, Depth).Select(i => $"d{i:00}"));
    public static readonly string LongLinkTarget = string.Join('/', Enumerable.Repeat("long-symlink-target-component", 20));

    public static void Write(string root, bool spacesInNames)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "readme.txt"), "A small file.\n");
        File.WriteAllBytes(Path.Combine(root, "empty"), []);
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        File.WriteAllBytes(Path.Combine(root, "bin", "big.bin"), Bytes(3 * 1024 * 1024 + 123, 1));
        File.WriteAllBytes(Path.Combine(root, "bin", "odd.bin"), Bytes(4097, 2));
        var deep = Path.Combine(root, "deep", DeepDir);
        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Combine(deep, "leaf.txt"), "at the bottom\n");
        var uni = Path.Combine(root, "ünïcødé");
        Directory.CreateDirectory(uni);
        File.WriteAllText(Path.Combine(uni, "名前.txt"), "名前\n");
        File.WriteAllText(Path.Combine(uni, "emoji-😀.txt"), "😀\n");
        File.WriteAllText(Path.Combine(uni, "Ελληνικά-ñ.conf"), "key=value\n");
        if (spacesInNames) File.WriteAllText(Path.Combine(uni, "with space.txt"), "spaced\n");
        var many = Path.Combine(root, "many");
        Directory.CreateDirectory(many);
        for (int i = 0; i < ManyEntries; i++)
        {
            var p = Path.Combine(many, $"file-{i:00000}.txt");
            if (i % 1000 == 0) File.WriteAllText(p, $"entry {i}\n");
            else File.WriteAllBytes(p, []);
        }
        Directory.CreateDirectory(Path.Combine(root, "links"));
        File.CreateSymbolicLink(Path.Combine(root, "links", "short"), "../readme.txt");
        File.CreateSymbolicLink(Path.Combine(root, "links", "long"), LongLinkTarget);
        File.CreateSymbolicLink(Path.Combine(root, "links", "dangling"), "does/not/exist");
        Directory.CreateDirectory(Path.Combine(root, "emptydir"));
    }

    public static byte[] Bytes(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }
}
