using Portal.DiskImages;

namespace Portal.Detection.Baseline;

public enum BaselineOutcome { Pass, Fail, NotApplicable }

/// <summary>The result of one check on one volume: the outcome and the evidence (file, line, value) that decided it.</summary>
public sealed record BaselineResult(BaselineCheck Check, BaselineOutcome Outcome, string Evidence);

/// <summary>
/// One baseline check, with its metadata as the CSPM checks have it: id, title, severity, what it means, the fix, and
/// the CIS benchmark recommendation it follows (benchmark name and version, recommendation number and title).
/// </summary>
public sealed record BaselineCheck(
    string Id,
    string Title,
    string Severity,
    string Meaning,
    string Fix,
    string Benchmark,
    string Recommendation,
    Func<BaselineInput, (BaselineOutcome Outcome, string Evidence)> Evaluate);

/// <summary>What the checks read: the kept files of the volume, its parsed sshd config and accounts, and what the walk saw.</summary>
public sealed class BaselineInput(VolumeFiles files, IReadOnlyList<FileEntry> worldWritable, int worldWritableCount)
{
    public VolumeFiles Files { get; } = files;
    public SshdConfig? Sshd { get; } = SshdConfig.Read(files);
    public LinuxAccounts? Accounts { get; } = LinuxAccounts.Read(files);
    /// <summary>The registry hives, when this is a Windows system volume.</summary>
    public Windows.WindowsRegistry? Windows { get; } = Portal.Detection.Windows.WindowsRegistry.Read(files);
    /// <summary>World-writable regular files and directories without the sticky bit found in the walk (the first ones).</summary>
    public IReadOnlyList<FileEntry> WorldWritable { get; } = worldWritable;
    public int WorldWritableCount { get; } = worldWritableCount;
}
