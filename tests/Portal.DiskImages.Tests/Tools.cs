using System.Diagnostics;
using System.Text;

namespace Portal.DiskImages.Tests;

/// <summary>Runs Debian's tools (the image makers and the oracles) and fails the test with their stderr.</summary>
internal static class Tools
{
    public static string Run(string file, params string[] args) => RunIn(null, file, args);

    public static string RunIn(string? workingDirectory, string file, params string[] args)
    {
        var (code, stdout, stderr) = TryRun(workingDirectory, file, args);
        if (code != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {code}: {stderr}{stdout}");
        return stdout;
    }

    public static (int Code, string Stdout, string Stderr) TryRun(string? workingDirectory, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["LANG"] = "C.UTF-8";
        psi.Environment["LC_ALL"] = "C.UTF-8";
        psi.Environment["TZ"] = "UTC";
        psi.Environment["LVM_SUPPRESS_FD_WARNINGS"] = "1";
        psi.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    /// <summary>Writes <paramref name="source"/> into <paramref name="target"/> at a byte offset (like dd conv=notrunc).</summary>
    public static void WriteAt(string target, long offset, string source, long sourceOffset = 0, long length = -1)
    {
        using var from = File.OpenRead(source);
        using var to = new FileStream(target, FileMode.Open, FileAccess.Write);
        from.Position = sourceOffset;
        to.Position = offset;
        var remaining = length < 0 ? from.Length - sourceOffset : length;
        var buffer = new byte[1 << 20];
        while (remaining > 0)
        {
            var n = from.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (n == 0) break;
            // Keep the target sparse where the source is zero.
            if (buffer.AsSpan(0, n).IndexOfAnyExcept((byte)0) < 0) to.Seek(n, SeekOrigin.Current);
            else to.Write(buffer, 0, n);
            remaining -= n;
        }
    }

    public static void Poke(string file, long offset, ReadOnlySpan<byte> bytes)
    {
        using var f = new FileStream(file, FileMode.Open, FileAccess.Write);
        f.Position = offset;
        f.Write(bytes);
    }

    public static void CreateSparse(string path, long length)
    {
        using var f = new FileStream(path, FileMode.Create, FileAccess.Write);
        f.SetLength(length);
    }
}

/// <summary>A temporary directory removed with the fixture.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir(string prefix = "diskimg")
    {
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;
    }

    public string Path { get; }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
