namespace Portal.Domain.Agentless;

/// <summary>The tags the portal puts on its snapshots; the sweeper deletes only snapshots carrying them.</summary>
public static class AgentlessTags
{
    public const string ScanId = "security-portal-scan-id";
    public const string Created = "security-portal-created";
    public const string SourceDisk = "security-portal-source";
    public const string NamePrefix = "portal-scan-";

    /// <summary><c>portal-scan-{vm}-{disk}-{shortid}</c>, within Azure's 80 characters of [A-Za-z0-9_.-].</summary>
    public static string SnapshotName(string targetName, string diskName, Guid scanId, Guid diskScanId)
    {
        var shortId = $"{scanId:N}"[..6] + $"{diskScanId:N}"[..4];
        static string Clean(string s) => new(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
        var vm = Clean(targetName);
        var disk = Clean(diskName);
        // Disk names usually repeat the VM's ("web-01_OsDisk_1_…"): shorten the disk part first.
        var room = 80 - NamePrefix.Length - shortId.Length - 2;
        if (vm.Length + disk.Length > room)
        {
            vm = vm[..Math.Min(vm.Length, room / 2)];
            disk = disk[..Math.Min(disk.Length, room - vm.Length)];
        }
        return $"{NamePrefix}{vm}-{disk}-{shortId}".Trim('.');
    }
}
