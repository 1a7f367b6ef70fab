using Portal.Domain.Agentless;
using Portal.Domain.Cloud;

namespace Portal.Agentless.Tests;

/// <summary>The planner as plain code: which disks of a VM are read, and the reason for each one that is not.</summary>
public class PlannerTests
{
    private const long GiB = 1L << 30;

    private static VmDiskInfo Disk(string name, bool os = false, int? lun = null, long gib = 64, string? sku = "Premium_LRS", bool managed = true, bool ade = false) =>
        new($"/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/disks/{name}", name, os, lun, gib * GiB, sku, "eastus", "rg", managed, ade, "Linux");

    [Fact]
    public void The_os_disk_comes_first_then_data_disks_by_lun()
    {
        var plan = AgentlessPlanner.Plan([Disk("d2", lun: 2), Disk("d0", lun: 0), Disk("os", os: true), Disk("d1", lun: 1)], new AgentlessOptions());
        Assert.Equal(["os", "d0", "d1", "d2"], plan.Select(p => p.Disk.Name));
        Assert.All(plan, p => Assert.True(p.Scanned));
    }

    [Fact]
    public void Ultra_premium_v2_ade_and_unmanaged_disks_are_skipped_with_their_reason()
    {
        var plan = AgentlessPlanner.Plan([Disk("os", os: true, ade: true), Disk("ultra", lun: 0, sku: "UltraSSD_LRS"), Disk("v2", lun: 1, sku: "PremiumV2_LRS"),
            Disk("vhd", lun: 2, managed: false), Disk("ok", lun: 3)], new AgentlessOptions()).ToDictionary(p => p.Disk.Name);
        Assert.Contains("Azure Disk Encryption", plan["os"].SkipReason);
        Assert.StartsWith("UltraSSD_LRS disk", plan["ultra"].SkipReason);
        Assert.StartsWith("PremiumV2_LRS disk", plan["v2"].SkipReason);
        Assert.StartsWith("unmanaged disk", plan["vhd"].SkipReason);
        Assert.Null(plan["ok"].SkipReason);
    }

    [Fact]
    public void Disks_over_the_count_limit_are_skipped_and_skipped_disks_do_not_count()
    {
        var disks = new List<VmDiskInfo> { Disk("os", os: true), Disk("ultra", lun: 0, sku: "UltraSSD_LRS") };
        disks.AddRange(Enumerable.Range(1, 7).Select(i => Disk($"d{i}", lun: i)));
        var plan = AgentlessPlanner.Plan(disks, new AgentlessOptions());
        Assert.Equal(["os", "d1", "d2", "d3", "d4", "d5"], plan.Where(p => p.Scanned).Select(p => p.Disk.Name));
        Assert.Equal("over the limit of 6 disks per VM (Portal:Agentless:MaxDisksPerVm)", plan.Single(p => p.Disk.Name == "d6").SkipReason);
        Assert.Equal(plan.Single(p => p.Disk.Name == "d6").SkipReason, plan.Single(p => p.Disk.Name == "d7").SkipReason);
    }

    [Fact]
    public void Disks_over_the_size_limit_are_skipped_and_a_smaller_later_disk_still_fits()
    {
        var plan = AgentlessPlanner.Plan([Disk("os", os: true, gib: 1024), Disk("big", lun: 0, gib: 3584), Disk("small", lun: 1, gib: 512)],
            new AgentlessOptions { MaxGiBPerVm = 2048 }).ToDictionary(p => p.Disk.Name);
        Assert.True(plan["os"].Scanned);
        Assert.Equal("over the limit of 2 TiB per VM (Portal:Agentless:MaxGiBPerVm): 1 TiB already planned, this disk adds 3.5 TiB", plan["big"].SkipReason);
        Assert.True(plan["small"].Scanned);
    }

    [Fact]
    public void Access_denied_names_the_missing_action_from_azures_message()
    {
        var error = CloudError.From(CloudErrorCodes.AuthorizationFailed,
            "The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.Compute/snapshots/write' over scope '/subscriptions/s/resourceGroups/rg'.");
        Assert.Equal("access denied: the app may not perform Microsoft.Compute/snapshots/write on resource group rg (assign Disk Snapshot Contributor there)",
            AgentlessPlanner.AccessDenied(error, "fallback", "resource group rg"));
        Assert.Contains("Microsoft.Compute/disks/read", AgentlessPlanner.AccessDenied(CloudError.From(CloudErrorCodes.AuthorizationFailed, "denied"), "Microsoft.Compute/disks/read", "rg"));
    }

    [Fact]
    public void Snapshot_names_are_recognisable_unique_and_within_azures_limits()
    {
        var scan = Guid.NewGuid();
        var a = AgentlessTags.SnapshotName("web-eus-01", "web-eus-01_OsDisk_1_0123456789abcdef0123456789abcdef", scan, Guid.NewGuid());
        var b = AgentlessTags.SnapshotName("web-eus-01", "web-eus-01_OsDisk_1_0123456789abcdef0123456789abcdef", scan, Guid.NewGuid());
        Assert.StartsWith("portal-scan-web-eus-01-web-eus-01_OsDisk", a);
        Assert.NotEqual(a, b);
        var longName = AgentlessTags.SnapshotName(new string('v', 64), new string('d', 80) + " é", scan, Guid.NewGuid());
        Assert.InRange(longName.Length, 1, 80);
        Assert.Matches("^[A-Za-z0-9_.-]+$", longName);
    }

    [Fact]
    public void Options_out_of_range_are_refused_naming_the_key()
    {
        Assert.Empty(new AgentlessOptions().Validate());
        var errors = new AgentlessOptions { MaxDisksPerVm = 0, DisksInFlightPerAccount = 0, SnapshotMaxAgeMinutes = -1, ReadAccessSeconds = 10, SkipTagName = " " }.Validate();
        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Portal:Agentless:MaxDisksPerVm"));
        Assert.Contains(errors, e => e.StartsWith("Portal:Agentless:ReadAccessSeconds"));
    }

    [Fact]
    public void The_agentless_frequency_defaults_to_a_day_and_accepts_off_or_an_hour_or_more()
    {
        Assert.Equal(1440, new Portal.Domain.Accounts.SyncPolicy().AgentlessMinutes);
        Assert.Empty(new Portal.Domain.Accounts.SyncPolicy { AgentlessMinutes = 0 }.Validate());
        Assert.Contains(new Portal.Domain.Accounts.SyncPolicy { AgentlessMinutes = 30 }.Validate(), e => e.StartsWith("'agentlessMinutes' must be 0 (off) or at least 60"));
        Assert.Contains(new Portal.Domain.Accounts.SyncPolicy { AgentlessMinutes = 20000 }.Validate(), e => e.StartsWith("'agentlessMinutes' must be between 0"));
    }
}
