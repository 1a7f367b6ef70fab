using Portal.DiskImages;

namespace Portal.Detection.Baseline;

/// <summary>
/// The baseline over one volume: sees every entry of the walk (for world-writable files) and evaluates the checks on
/// the kept files at the end: the Linux checks on a Linux root file system (/etc/passwd), the Windows checks on a volume
/// with the registry hives; any other volume (data disks, boot partitions) gives no result.
/// </summary>
public sealed class BaselineScanner(VolumeFiles files, IReadOnlyList<BaselineCheck>? checks = null)
{
    private const int KeptWorldWritable = 20;
    private static readonly string[] TemporaryDirectories = ["/tmp/", "/var/tmp/", "/dev/shm/", "/proc/", "/sys/", "/run/", "/dev/"];
    private readonly List<FileEntry> _worldWritable = [];
    private int _worldWritableCount;

    public void Observe(FileEntry entry)
    {
        if (entry.Mode is not { } mode || (mode & 0x2) == 0) return;
        var sticky = (mode & 0x200) != 0;
        var counts = entry.Type switch { FileEntryType.File => true, FileEntryType.Directory => !sticky, _ => false };
        if (!counts || TemporaryDirectories.Any(t => entry.Path.StartsWith(t, StringComparison.Ordinal) || entry.Path + "/" == t)) return;
        _worldWritableCount++;
        if (_worldWritable.Count < KeptWorldWritable) _worldWritable.Add(entry);
    }

    public IReadOnlyList<BaselineResult> Evaluate()
    {
        var input = new BaselineInput(files, _worldWritable, _worldWritableCount);
        var applicable = checks ?? (input.Accounts is not null ? BaselineChecks.Linux : input.Windows is not null ? WindowsBaselineChecks.All : []);
        return applicable.Select(c => c.Evaluate(input) is var (outcome, evidence) ? new BaselineResult(c, outcome, evidence) : null!).ToList();
    }
}
