using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace AzureSim;

/// <summary>Microsoft.Compute: virtual machines (power actions as LROs), disks, snapshots.</summary>
internal static class Compute
{
    public static JsonObject VmTemplate(Ctx c) => J.O(
        ("properties", J.O(
            ("vmId", SimState.DeterministicGuid(c.Id)),
            ("hardwareProfile", J.O(("vmSize", "Standard_D2s_v5"))),
            ("storageProfile", J.O(
                ("imageReference", J.O(("publisher", "Canonical"), ("offer", "0001-com-ubuntu-server-jammy"), ("sku", "22_04-lts-gen2"), ("version", "latest"), ("exactVersion", "22.04.202409120"))),
                ("osDisk", J.O(("osType", "Linux"), ("name", c.Name + "_OsDisk_1"), ("createOption", "FromImage"), ("caching", "ReadWrite"),
                    ("managedDisk", J.O(("storageAccountType", "Premium_LRS"))), ("deleteOption", "Delete"), ("diskSizeGB", 30))),
                ("dataDisks", new JsonArray()),
                ("diskControllerType", "SCSI"))),
            ("osProfile", J.O(("computerName", c.Name), ("adminUsername", "azureuser"),
                ("linuxConfiguration", J.O(("disablePasswordAuthentication", true), ("provisionVMAgent", true), ("patchSettings", J.O(("patchMode", "ImageDefault"), ("assessmentMode", "ImageDefault"))))),
                ("secrets", new JsonArray()), ("allowExtensionOperations", true), ("requireGuestProvisionSignal", true))),
            ("securityProfile", J.O(("uefiSettings", J.O(("secureBootEnabled", true), ("vTpmEnabled", true))), ("securityType", "TrustedLaunch"))),
            ("networkProfile", J.O(("networkInterfaces", new JsonArray()))),
            ("diagnosticsProfile", J.O(("bootDiagnostics", J.O(("enabled", true))))),
            ("provisioningState", "Succeeded"),
            ("timeCreated", c.Now))));

    public static JsonObject DiskTemplate(Ctx c) => J.O(
        ("sku", J.O(("name", "Premium_LRS"), ("tier", "Premium"))),
        ("properties", J.O(
            ("osType", "Linux"),
            ("hyperVGeneration", "V2"),
            ("supportedCapabilities", J.O(("acceleratedNetwork", true), ("architecture", "x64"))),
            ("supportsHibernation", true),
            ("creationData", J.O(("createOption", "Empty"))),
            ("diskSizeGB", 32),
            ("diskIOPSReadWrite", 120),
            ("diskMBpsReadWrite", 25),
            ("encryption", J.O(("type", "EncryptionAtRestWithPlatformKey"))),
            ("networkAccessPolicy", "AllowAll"),
            ("publicNetworkAccess", "Enabled"),
            ("timeCreated", c.Now),
            ("provisioningState", "Succeeded"),
            ("diskState", "Unattached"),
            ("diskSizeBytes", 34359738368L),
            ("uniqueId", SimState.DeterministicGuid(c.Id)),
            ("tier", "P4"))));

    public static JsonObject SnapshotTemplate(Ctx c) => J.O(
        ("sku", J.O(("name", "Standard_LRS"), ("tier", "Standard"))),
        ("properties", J.O(
            ("creationData", J.O(("createOption", "Copy"))),
            ("diskSizeGB", 30),
            ("encryption", J.O(("type", "EncryptionAtRestWithPlatformKey"))),
            ("incremental", false),
            ("networkAccessPolicy", "AllowAll"),
            ("publicNetworkAccess", "Enabled"),
            ("timeCreated", c.Now),
            ("provisioningState", "Succeeded"),
            ("diskState", "Unattached"),
            ("diskSizeBytes", 32213303296L),
            ("uniqueId", SimState.DeterministicGuid(c.Id)))));

    public static JsonObject ImageTemplate(Ctx c) => J.O(
        ("properties", J.O(
            ("storageProfile", J.O(
                ("osDisk", J.O(("osType", "Linux"), ("osState", "Generalized"), ("caching", "ReadWrite"), ("storageAccountType", "Standard_LRS"), ("diskSizeGB", 30))),
                ("dataDisks", new JsonArray()),
                ("zoneResilient", false))),
            ("hyperVGeneration", "V2"),
            ("provisioningState", "Succeeded"))));

    public static JsonObject GalleryImageTemplate(Ctx c) => J.O(
        ("properties", J.O(
            ("osType", "Linux"), ("osState", "Generalized"), ("hyperVGeneration", "V2"),
            ("identifier", J.O(("publisher", "Fabrikam"), ("offer", c.Name), ("sku", "base"))),
            ("recommended", J.O(("vCPUs", J.O(("min", 1), ("max", 16))), ("memory", J.O(("min", 1), ("max", 32))))),
            ("provisioningState", "Succeeded"))));

    public static JsonObject GalleryImageVersionTemplate(Ctx c) => J.O(
        ("properties", J.O(
            ("publishingProfile", J.O(("targetRegions", J.A([J.O(("name", c.Location ?? "eastus"), ("regionalReplicaCount", 1), ("storageAccountType", "Standard_LRS"))])),
                ("replicaCount", 1), ("excludeFromLatest", false), ("publishedDate", c.Now), ("storageAccountType", "Standard_LRS"))),
            ("storageProfile", J.O(("osDiskImage", J.O(("sizeInGB", 30), ("hostCaching", "ReadWrite"))), ("dataDiskImages", new JsonArray()))),
            ("safetyProfile", J.O(("allowDeletionOfReplicatedLocations", false), ("reportedForPolicyViolation", false))),
            ("replicationStatus", J.O(("aggregatedState", "Completed"), ("summary", new JsonArray()))),
            ("provisioningState", "Succeeded"))));

    public static ArmResult? ValidateVm(ArmServer s, ArmCall c, JsonObject vm, JsonObject? existing)
    {
        foreach (var nic in vm.Props().Node("networkProfile", "networkInterfaces") as JsonArray ?? [])
        {
            var nid = nic.Str("id");
            if (nid == null || s.State.GetLive(nid) == null)
                return ArmResult.Error(400, "InvalidParameter", $"Resource '{nid}' referenced by VM '{vm.Str("name")}' was not found.", target: "networkProfile.networkInterfaces");
        }
        return null;
    }

    public static ArmResult? ValidateSnapshot(ArmServer s, ArmCall c, JsonObject snap, JsonObject? existing)
    {
        if (existing != null) return null;
        if (snap.Props().Node("creationData") is not JsonObject cd)
            return ArmResult.Error(400, "InvalidParameter", "Required parameter 'creationData' is missing (null).", target: "creationData");
        var opt = cd.Str("createOption") ?? "";
        var src = cd.Str("sourceResourceId") ?? cd.Str("sourceUri");
        if (opt.Equals("Copy", StringComparison.OrdinalIgnoreCase) || opt.Equals("CopyStart", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrEmpty(src))
                return ArmResult.Error(400, "InvalidParameter", "Required parameter 'sourceResourceId' is missing (null).", target: "sourceResourceId");
            var disk = s.State.GetLive(src);
            if (disk == null)
                return ArmResult.Error(404, "NotFound", $"Resource '{src}' was not found.");
            // reading the source needs beginGetAccess on it (why Disk Snapshot Contributor carries that action)
            var srcType = disk.Str("type");
            var linked = $"{srcType}/beginGetAccess/action";
            if (!s.State.IsAuthorized(c.Caller.ObjectId, linked, src) && !s.State.IsAuthorized(c.Caller.ObjectId, $"{srcType}/read", src))
                return s.LinkedAuthorizationFailed(c, "Microsoft.Compute/snapshots/write", snap.Str("id")!, linked, src);
            var p = snap.Props();
            var dp = disk.Props();
            cd["sourceUniqueId"] = dp.Str("uniqueId") ?? SimState.DeterministicGuid(src);
            cd["sourceResourceId"] = disk.Str("id");
            p["diskSizeGB"] = dp.Int("diskSizeGB") ?? 30;
            p["diskSizeBytes"] = (long)(dp.Int("diskSizeGB") ?? 30) * 1024L * 1024 * 1024;
            if (dp.Str("osType") is { } os) p["osType"] = os;
            if (dp.Str("hyperVGeneration") is { } hv) p["hyperVGeneration"] = hv;
            if (!snap.Str("location")!.Equals(disk.Str("location"), StringComparison.OrdinalIgnoreCase))
                return ArmResult.Error(400, "InvalidParameter", $"Source resource '{src}' is in location '{disk.Str("location")}', which is different from the snapshot's location '{snap.Str("location")}'. Use 'CopyStart' to copy across regions.", target: "sourceResourceId");
        }
        return null;
    }

    /// <summary>A snapshot or disk copied from another shares its content (no bytes are copied).</summary>
    public static void AfterCopyWrite(SimState st, JsonObject obj, JsonObject? existing)
    {
        if (existing != null) return;
        var cd = obj.Props().Node("creationData") as JsonObject;
        var opt = cd?.Str("createOption") ?? "";
        if ((opt.Equals("Copy", StringComparison.OrdinalIgnoreCase) || opt.Equals("CopyStart", StringComparison.OrdinalIgnoreCase)) && cd?.Str("sourceResourceId") is { } src)
            st.DiskContents.CopyFrom(obj.Str("id")!, src);
    }

    // --------------------------------------------------------------------- VM views
    private static string PowerDisplay(string code) => code switch
    {
        "PowerState/running" => "VM running",
        "PowerState/stopped" => "VM stopped",
        "PowerState/deallocated" => "VM deallocated",
        "PowerState/starting" => "VM starting",
        "PowerState/stopping" => "VM stopping",
        "PowerState/deallocating" => "VM deallocating",
        _ => code,
    };

    public static JsonObject BuildInstanceView(SimState st, JsonObject vm)
    {
        var id = vm.Str("id")!;
        var power = st.PowerOf(SimState.Norm(id));
        var p = vm.Props();
        var isWindows = (p.Str("storageProfile", "osDisk", "osType") ?? "Linux").Equals("Windows", StringComparison.OrdinalIgnoreCase);
        var time = p.Str("timeCreated") ?? J.Iso(DateTimeOffset.UtcNow);
        var statuses = new JsonArray
        {
            J.O(("code", "ProvisioningState/succeeded"), ("level", "Info"), ("displayStatus", "Provisioning succeeded"), ("time", time)),
            J.O(("code", power), ("level", "Info"), ("displayStatus", PowerDisplay(power))),
        };
        var disks = new JsonArray();
        var osDiskName = p.Str("storageProfile", "osDisk", "name");
        if (osDiskName != null)
            disks.Add(J.O(("name", osDiskName), ("statuses", J.A([J.O(("code", "ProvisioningState/succeeded"), ("level", "Info"), ("displayStatus", "Provisioning succeeded"), ("time", time))]))));
        var running = power == "PowerState/running";
        var iv = J.O(
            ("computerName", p.Str("osProfile", "computerName") ?? vm.Str("name")),
            ("osName", isWindows ? "Windows Server 2022 Datacenter" : "ubuntu"),
            ("osVersion", isWindows ? "10.0.20348.2700" : "22.04"),
            ("vmAgent", J.O(("vmAgentVersion", running ? "2.11.1.12" : "Unknown"),
                ("statuses", J.A([running
                    ? J.O(("code", "ProvisioningState/succeeded"), ("level", "Info"), ("displayStatus", "Ready"), ("message", "Guest Agent is running"), ("time", J.Iso(DateTimeOffset.UtcNow)))
                    : J.O(("code", "ProvisioningState/Unavailable"), ("level", "Warning"), ("displayStatus", "Not Ready"), ("message", "VM status blob is found but not yet populated."), ("time", J.Iso(DateTimeOffset.UtcNow)))])))),
            ("hyperVGeneration", "V2"),
            ("disks", disks),
            ("statuses", statuses));
        if (!running) iv.Remove("computerName");
        return iv;
    }

    public static void PresentVm(ArmServer s, ArmCall c, JsonObject vm)
    {
        var expand = c.Q("$expand");
        var statusOnly = c.Q("statusOnly");
        if (expand.Contains("instanceView", StringComparison.OrdinalIgnoreCase) || statusOnly.Equals("true", StringComparison.OrdinalIgnoreCase))
            vm.Props()["instanceView"] = BuildInstanceView(s.State, vm);
    }

    public static ArmResult InstanceView(ArmServer s, ArmCall c, RPath rp)
    {
        lock (s.State.Gate)
        {
            var vm = s.State.GetLive(rp.Id)!;
            return ArmResult.Ok(BuildInstanceView(s.State, vm));
        }
    }

    public static ArmResult PowerAction(ArmServer s, ArmCall c, RPath rp, string action)
    {
        string location;
        lock (s.State.Gate)
        {
            var vm = s.State.GetLive(rp.Id)!;
            location = vm.Str("location") ?? "eastus";
            var key = SimState.Norm(rp.Id);
            var current = s.State.PowerOf(key);
            if (s.State.PendingPower.ContainsKey(key))
                return ArmResult.Error(409, "OperationNotAllowed", $"Operation '{action}' is not allowed since the VM '{vm.Str("name")}' is in the middle of another operation ('{current["PowerState/".Length..]}'). Retry after it completes.");
            switch (action)
            {
                case "start":
                    s.State.SetPower(key, "PowerState/starting", "PowerState/running");
                    break;
                case "poweroff":
                    if (current == "PowerState/deallocated")
                        break; // powering off a deallocated VM is a no-op in Azure
                    s.State.SetPower(key, "PowerState/stopping", "PowerState/stopped");
                    break;
                case "deallocate":
                    s.State.SetPower(key, "PowerState/deallocating", "PowerState/deallocated");
                    break;
                case "restart":
                    if (current != "PowerState/running")
                        return ArmResult.Error(409, "OperationNotAllowed",
                            $"Operation 'restart' is not allowed on VM '{vm.Str("name")}' since the VM is {current["PowerState/".Length..]}.", target: null);
                    s.State.SetPower(key, "PowerState/starting", "PowerState/running");
                    break;
            }
        }
        return s.Accepted(c, rp.SubscriptionId!, "Microsoft.Compute", location.ToLowerInvariant());
    }

    public static ArmResult BeginGetAccess(ArmServer s, ArmCall c, RPath rp)
    {
        var access = c.Body.Str("access") ?? "Read";
        var duration = c.Body.Int("durationInSeconds") ?? 3600;
        if (!access.Equals("Read", StringComparison.OrdinalIgnoreCase) && !access.Equals("Write", StringComparison.OrdinalIgnoreCase))
            return ArmResult.Error(400, "InvalidParameter", $"The value '{access}' of parameter 'access' is not allowed. Allowed values are 'Read', 'Write'.", target: "access");
        if (duration <= 0)
            return ArmResult.Error(400, "InvalidParameter", "The value of parameter 'durationInSeconds' must be positive.", target: "durationInSeconds");
        string location;
        string sas;
        lock (s.State.Gate)
        {
            var o = s.State.GetLive(rp.Id)!;
            location = o.Str("location") ?? "eastus";
            var state = o.Props().Str("diskState");
            if (o.Str("type") == "Microsoft.Compute/disks" && state == "Attached")
                return ArmResult.Error(409, "OperationNotAllowed", $"Disk '{rp.Name}' is currently attached to a VM and cannot be exported. Detach it or create a snapshot first.");
            o.Props()["diskState"] = "ActiveSAS";
            var p = o.Props();
            var size = p.Node("diskSizeBytes")?.GetValue<long>() ?? (long)(p.Int("diskSizeGB") ?? 30) * 1024L * 1024 * 1024;
            var uid = Guid.TryParse(p.Str("uniqueId"), out var u) ? u : Guid.Parse(SimState.DeterministicGuid(rp.Id));
            var created = DateTimeOffset.TryParse(p.Str("timeCreated"), out var tc) ? tc : DateTimeOffset.UtcNow;
            sas = s.State.Sas.Issue(SimState.Norm(rp.Id), access.Equals("Read", StringComparison.OrdinalIgnoreCase) ? "r" : "rw",
                TimeSpan.FromSeconds(duration), size, uid, created);
        }
        return s.Accepted(c, rp.SubscriptionId!, "Microsoft.Compute", location.ToLowerInvariant(), result: J.O(("accessSAS", sas)));
    }

    public static ArmResult EndGetAccess(ArmServer s, ArmCall c, RPath rp)
    {
        string location;
        lock (s.State.Gate)
        {
            var o = s.State.GetLive(rp.Id)!;
            location = o.Str("location") ?? "eastus";
            if (o.Props().Str("diskState") == "ActiveSAS") o.Props()["diskState"] = o.Props().Node("managedBy") != null || o.Str("managedBy") != null ? "Attached" : "Unattached";
            s.State.Sas.Revoke(SimState.Norm(rp.Id));
        }
        return s.Accepted(c, rp.SubscriptionId!, "Microsoft.Compute", location.ToLowerInvariant());
    }
}
