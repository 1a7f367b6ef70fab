using System.Text.RegularExpressions;
using Portal.Domain.Cloud;

namespace Portal.Domain.Agentless;

/// <summary>One disk of a VM as the planner decided: scanned, or skipped with the reason shown to the user.</summary>
public sealed record PlannedDisk(VmDiskInfo Disk, string? SkipReason)
{
    public bool Scanned => SkipReason is null;
}

/// <summary>
/// Which of a VM's disks a scan reads. The rules follow Defender for Cloud's agentless scanning: the OS disk first, then data
/// disks by LUN; Ultra and Premium v2 disks, Azure Disk Encryption and unmanaged disks are not read; at most
/// <see cref="AgentlessOptions.MaxDisksPerVm"/> disks and <see cref="AgentlessOptions.MaxGiBPerVm"/> per VM.
/// </summary>
public static partial class AgentlessPlanner
{
    public static IReadOnlyList<PlannedDisk> Plan(IEnumerable<VmDiskInfo> disks, AgentlessOptions options)
    {
        var planned = new List<PlannedDisk>();
        var count = 0;
        long bytes = 0;
        foreach (var disk in disks.OrderBy(d => d.IsOsDisk ? -1 : d.Lun ?? int.MaxValue).ThenBy(d => d.Name, StringComparer.OrdinalIgnoreCase))
        {
            var reason = Unreadable(disk);
            if (reason is null && count >= options.MaxDisksPerVm)
                reason = $"over the limit of {options.MaxDisksPerVm} disks per VM (Portal:Agentless:MaxDisksPerVm)";
            if (reason is null && bytes + disk.SizeBytes > options.MaxBytesPerVm)
                reason = $"over the limit of {Size(options.MaxBytesPerVm)} per VM (Portal:Agentless:MaxGiBPerVm): " +
                         $"{Size(bytes)} already planned, this disk adds {Size(disk.SizeBytes)}";
            if (reason is null) { count++; bytes += disk.SizeBytes; }
            planned.Add(new PlannedDisk(disk, reason));
        }
        return planned;
    }

    /// <summary>Why the disk's bytes cannot be read out of band, or null when they can.</summary>
    public static string? Unreadable(VmDiskInfo disk)
    {
        if (!disk.Managed) return "unmanaged disk (a VHD in a storage account): only managed disks are snapshotted";
        if (disk.SkuName is { } sku && (sku.StartsWith("UltraSSD", StringComparison.OrdinalIgnoreCase) || sku.StartsWith("PremiumV2", StringComparison.OrdinalIgnoreCase)))
            return $"{sku} disk: Ultra and Premium SSD v2 disks are not scanned (they take only incremental snapshots that cannot be exported at once)";
        if (disk.AdeEncrypted) return "encrypted with Azure Disk Encryption: the guest encrypts the bytes, so they cannot be read from a snapshot";
        return null;
    }

    /// <summary>The reason for a disk whose snapshot or read access Azure refused for lack of permission, naming the action.</summary>
    public static string AccessDenied(CloudError error, string attemptedAction, string scope)
    {
        var action = ActionInMessage().Match(error.Message) is { Success: true } m ? m.Groups[1].Value : attemptedAction;
        return $"access denied: the app may not perform {action} on {scope} (assign Disk Snapshot Contributor there)";
    }

    public static bool IsAccessDenied(CloudError e) =>
        e.Code is CloudErrorCodes.AuthorizationFailed or CloudErrorCodes.LinkedAuthorizationFailed || e.HttpStatus == 403;

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 40 => $"{bytes / (double)(1L << 40):0.#} TiB",
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.#} KiB",
        _ => $"{bytes} B",
    };

    [GeneratedRegex("perform action '([^']+)'", RegexOptions.IgnoreCase)]
    private static partial Regex ActionInMessage();
}
