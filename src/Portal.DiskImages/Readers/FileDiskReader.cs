using Microsoft.Win32.SafeHandles;

namespace Portal.DiskImages;

/// <summary>A local image file read with positional reads (<see cref="RandomAccess"/>): no shared file position, so
/// any number of threads can read at once.</summary>
public sealed class FileDiskReader : IDiskReader, IDisposable
{
    private readonly SafeFileHandle _handle;

    public FileDiskReader(string path)
    {
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.RandomAccess);
        Length = RandomAccess.GetLength(_handle);
        Path = path;
    }

    public string Path { get; }

    public long Length { get; }

    public int Read(long offset, Span<byte> buffer)
    {
        if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset));
        if (offset >= Length) return 0;
        var want = (int)Math.Min(buffer.Length, Length - offset);
        var done = 0;
        try
        {
            while (done < want)
            {
                var n = RandomAccess.Read(_handle, buffer[done..want], offset + done);
                if (n == 0) break;
                done += n;
            }
        }
        catch (IOException e)
        {
            throw new DiskReadException($"reading {Path} at {offset + done} failed: {e.Message}", e);
        }
        return done;
    }

    public void Dispose() => _handle.Dispose();
}
