using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AzureSim.Seeds;

public static class SeedLoader
{
    private static readonly JsonSerializerOptions Opts = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static SeedDocument Resolve(string seed)
    {
        if (seed.Equals("demo", StringComparison.OrdinalIgnoreCase))
        {
            using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("AzureSim.Seeds.demo.json")
                ?? throw new InvalidOperationException("Embedded demo seed missing.");
            return JsonSerializer.Deserialize<SeedDocument>(s, Opts)!;
        }
        if (seed.StartsWith("large:", StringComparison.OrdinalIgnoreCase))
        {
            var n = int.Parse(seed["large:".Length..]);
            return LargeSeed.Generate(n);
        }
        if (File.Exists(seed)) return JsonSerializer.Deserialize<SeedDocument>(File.ReadAllText(seed), Opts)!;
        throw new ArgumentException($"Unknown seed '{seed}': use 'demo', 'large:<vmCount>' or a path to a seed JSON file.");
    }

    public static SeedDocument Parse(string json) => JsonSerializer.Deserialize<SeedDocument>(json, Opts)!;

    internal static void Load(SimState st, SeedDocument doc)
    {
        var cloud = st.Cloud;
        if (doc.Tenants.Count == 0 || doc.Subscriptions.Count == 0) throw new InvalidOperationException("A seed needs at least one tenant and one subscription.");
        var defaultTenant = doc.Tenants[0].Id;
        var defaultSub = doc.Subscriptions[0].Id;
        string Sc(string s) => s.Replace("{subscriptionId}", defaultSub);
        foreach (var t in doc.Tenants) st.AddTenant(new SimTenant { Id = t.Id, DisplayName = t.DisplayName, DefaultDomain = t.DefaultDomain });
        foreach (var s in doc.Subscriptions)
            st.AddSubscription(new SimSubscription { Id = s.Id, TenantId = s.TenantId ?? defaultTenant, DisplayName = s.DisplayName, State = s.State, Tags = s.Tags });
        foreach (var r in doc.CustomRoles)
            st.AddRoleDefinition(new SimRoleDefinition
            {
                Id = r.Id, RoleName = r.RoleName, Type = "CustomRole", Description = r.Description, Actions = r.Actions, NotActions = r.NotActions,
                DataActions = r.DataActions, NotDataActions = r.NotDataActions, AssignableScopes = r.AssignableScopes.Select(Sc).ToList(),
            });
        foreach (var c in doc.Clients)
        {
            var client = new SimClient { ClientId = c.ClientId, ObjectId = c.ObjectId, TenantId = c.TenantId ?? defaultTenant, DisplayName = c.DisplayName };
            client.Secrets.Add(new SimSecret { Value = c.Secret, ExpiresOn = c.SecretExpires ?? DateTimeOffset.UtcNow.AddYears(2) });
            st.AddClient(client);
            foreach (var a in c.RoleAssignments) st.AssignRole(c.ClientId, a.Role, Sc(a.Scope));
        }

        lock (st.Gate)
        {
            var rgLoc = new Dictionary<string, (string Sub, string Loc)>(StringComparer.OrdinalIgnoreCase);
            foreach (var g in doc.ResourceGroups)
            {
                var sub = g.Subscription ?? defaultSub;
                var loc = cloud.MapRegion(g.Location);
                rgLoc[g.Name] = (sub, loc);
                st.PutGroupLive(sub, g.Name, Resources.GroupJson(sub, g.Name, loc, Tags(g.Tags)));
            }
            (string Sub, string Loc) Rg(string name) => rgLoc.TryGetValue(name, out var v) ? v : throw new InvalidOperationException($"Seed references unknown resource group '{name}'.");
            string RgId(string name) => $"/subscriptions/{Rg(name).Sub}/resourceGroups/{name}";
            string Loc(string? given, string rg) => given != null ? cloud.MapRegion(given) : Rg(rg).Loc;
            JsonObject New(string type, string id, string name, string? loc, string rg)
            {
                var ti = Types.Find(type) ?? throw new InvalidOperationException($"Seed uses unsupported type '{type}'.");
                var sub = ArmPaths.SubAndRg(id).Sub ?? defaultSub;
                var ctx = new Ctx(st, id, name, loc, sub, rg, st.FindSubscription(sub)?.TenantId ?? defaultTenant);
                var o = ArmServer.NewObject(ctx, ti);
                return o;
            }

            // NSGs
            foreach (var n in doc.NetworkSecurityGroups)
            {
                var id = $"{RgId(n.Rg)}/providers/Microsoft.Network/networkSecurityGroups/{n.Name}";
                var o = New("Microsoft.Network/networkSecurityGroups", id, n.Name, Loc(n.Location, n.Rg), n.Rg);
                o["tags"] = Tags(n.Tags);
                var rules = new JsonArray();
                foreach (var r in n.Rules)
                {
                    var p = J.O(("protocol", r.Protocol), ("sourcePortRange", r.SourcePort), ("destinationPortRange", r.DestinationPort),
                        ("sourceAddressPrefix", r.Source), ("destinationAddressPrefix", r.Destination), ("access", r.Access), ("priority", r.Priority), ("direction", r.Direction));
                    if (r.Description != null) p["description"] = r.Description;
                    if (r.Sources is { Count: > 0 }) { p.Remove("sourceAddressPrefix"); p["sourceAddressPrefixes"] = J.Strs(r.Sources); }
                    if (r.DestinationPorts is { Count: > 0 }) { p.Remove("destinationPortRange"); p["destinationPortRanges"] = J.Strs(r.DestinationPorts); }
                    rules.Add(Network.BuildRule(id, r.Name, J.O(("properties", p))));
                }
                o.Props()["securityRules"] = rules;
                var err = Network.ValidateNsg(o);
                if (err != null) throw new InvalidOperationException($"Seed NSG '{n.Name}' is invalid: {err.Body?.ToJsonString()}");
                Network.NormalizeNsg(o);
                o["etag"] = $"W/\"{SimState.DeterministicGuid(id)}\"";
                st.PutLive(o);
            }
            // VNets
            foreach (var v in doc.VirtualNetworks)
            {
                var id = $"{RgId(v.Rg)}/providers/Microsoft.Network/virtualNetworks/{v.Name}";
                var loc = Loc(v.Location, v.Rg);
                var o = New("Microsoft.Network/virtualNetworks", id, v.Name, loc, v.Rg);
                o.Props()["addressSpace"] = J.O(("addressPrefixes", J.Strs([v.AddressPrefix])));
                var subnets = new JsonArray();
                foreach (var s in v.Subnets)
                {
                    var sp = J.O(("addressPrefix", s.Prefix));
                    if (s.Nsg != null) sp["networkSecurityGroup"] = J.Ref($"{RgId(v.Rg)}/providers/Microsoft.Network/networkSecurityGroups/{s.Nsg}");
                    subnets.Add(Network.BuildSubnet(id, s.Name, J.O(("properties", sp)), null));
                }
                o.Props()["subnets"] = subnets;
                o["etag"] = $"W/\"{SimState.DeterministicGuid(id)}\"";
                st.PutLive(o);
            }
            // VMs (+ NIC, public IP, disks)
            var ipCounters = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var vm in doc.Vms) AddVm(st, vm, RgId, Loc, New, ipCounters);

            // Everything else
            foreach (var r in doc.Resources)
            {
                var ti = Types.Find(r.Type) ?? throw new InvalidOperationException($"Seed uses unsupported type '{r.Type}'.");
                string id;
                string scopeRg = r.Rg ?? "";
                if (r.Scope == "subscription")
                    id = $"/subscriptions/{defaultSub}/providers/{ti.Type}/{r.Name}";
                else
                {
                    var baseScope = RgId(r.Rg ?? throw new InvalidOperationException($"Seed resource '{r.Name}' needs rg."));
                    if (r.Scope?.StartsWith("resource:") == true)
                    {
                        // "resource:<type>|<name path>" (nested names separated by '/'), or "resource:<type>/<name>" for a top-level resource
                        var target = r.Scope["resource:".Length..];
                        string ttype, tname;
                        if (target.Contains('|')) { ttype = target.Split('|')[0]; tname = target.Split('|')[1]; }
                        else { var tparts = target.Split('/'); ttype = string.Join('/', tparts[..^1]); tname = tparts[^1]; }
                        baseScope = $"{baseScope}/providers/{Interleave(ttype, tname)}";
                    }
                    id = $"{baseScope}/providers/{Interleave(ti.Type, r.Name)}";
                }
                var name = r.Name.Split('/')[^1];
                var loc = ti.Kind is TypeKind.Tracked or TypeKind.TrackedChild ? (r.Location != null ? (r.Location.Equals("global", StringComparison.OrdinalIgnoreCase) ? "Global" : cloud.MapRegion(r.Location)) : Rg(scopeRg).Loc) : null;
                var o = New(ti.Type, id, name, loc, scopeRg);
                if (r.Kind != null) o["kind"] = r.Kind;
                if (r.Sku != null) o["sku"] = r.Sku.DeepClone();
                if (r.Tags != null) o["tags"] = Tags(r.Tags);
                if (r.Identity != null) o["identity"] = r.Identity.DeepClone();
                if (r.Properties != null) J.Merge(o.Props(), (JsonObject)r.Properties.DeepClone());
                if (ti.Type == "Microsoft.Insights/activityLogAlerts") o["location"] = "Global";
                if (ti.Type == "Microsoft.Storage/storageAccounts") Others.NormalizeStorage(st, o);
                Fix(o, defaultSub);
                st.PutLive(o);
                if (r.ContentImage != null) st.DiskContents.Set(id, r.ContentImage);
            }
            Network.RefreshBackReferences(st);
        }
    }

    /// <summary>Replaces "{subscriptionId}" placeholders in string values.</summary>
    private static void Fix(JsonNode n, string sub)
    {
        if (n is JsonObject o)
            foreach (var (k, v) in o.ToList())
            {
                if (v is JsonValue jv && jv.TryGetValue<string>(out var s) && s.Contains("{subscriptionId}")) o[k] = s.Replace("{subscriptionId}", sub);
                else if (v != null) Fix(v, sub);
            }
        else if (n is JsonArray a)
            for (var i = 0; i < a.Count; i++)
            {
                if (a[i] is JsonValue jv && jv.TryGetValue<string>(out var s) && s.Contains("{subscriptionId}")) a[i] = s.Replace("{subscriptionId}", sub);
                else if (a[i] != null) Fix(a[i]!, sub);
            }
    }

    private static string Interleave(string type, string name)
    {
        var t = type.Split('/');
        var n = name.Split('/');
        var parts = new List<string> { t[0] };
        for (var i = 1; i < t.Length; i++) { parts.Add(t[i]); parts.Add(n[i - 1]); }
        return string.Join('/', parts);
    }

    private static JsonObject Tags(Dictionary<string, string>? tags) =>
        J.O((tags ?? new()).Select(kv => (kv.Key, (JsonNode?)kv.Value)).ToArray());

    private static (string Publisher, string Offer, string Sku, string OsName) Image(string os, string? image) => (image ?? (os == "Windows" ? "win2022" : "ubuntu2204")) switch
    {
        "ubuntu2004" => ("Canonical", "0001-com-ubuntu-server-focal", "20_04-lts-gen2", "ubuntu"),
        "rhel9" => ("RedHat", "RHEL", "9-lvm-gen2", "rhel"),
        "debian12" => ("Debian", "debian-12", "12-gen2", "debian"),
        "win2019" => ("MicrosoftWindowsServer", "WindowsServer", "2019-datacenter-gensecond", "Windows Server 2019 Datacenter"),
        "win2016" => ("MicrosoftWindowsServer", "WindowsServer", "2016-datacenter-gensecond", "Windows Server 2016 Datacenter"),
        "win11" => ("MicrosoftWindowsDesktop", "windows-11", "win11-23h2-pro", "Windows 11 Pro"),
        "win2022" => ("MicrosoftWindowsServer", "WindowsServer", "2022-datacenter-azure-edition", "Windows Server 2022 Datacenter Azure Edition"),
        _ => ("Canonical", "0001-com-ubuntu-server-jammy", "22_04-lts-gen2", "ubuntu"),
    };

    private static JsonObject DiskSku(string name) => J.O(("name", name), ("tier", name switch
    {
        "UltraSSD_LRS" => "Ultra",
        "PremiumV2_LRS" => "Premium",
        _ when name.StartsWith("Premium", StringComparison.OrdinalIgnoreCase) => "Premium",
        _ => "Standard",
    }));

    /// <summary>The shipped demo image for a VM's OS image (Seeds/README.md, "Disk contents"); null when none is shipped.</summary>
    internal static string? DefaultContent(bool isWindows, string? image)
    {
        var name = isWindows ? "win2022" : (image ?? "ubuntu2204") switch
        {
            "ubuntu2004" => ContentImage.BuiltinNames.Contains("ubuntu2004") ? "ubuntu2004" : "ubuntu2204",
            "debian12" => "debian12",
            "rhel9" => "rhel9",
            _ => "ubuntu2204",
        };
        return ContentImage.BuiltinNames.Contains(name) ? "builtin:" + name : null;
    }

    private static void AddVm(SimState st, SeedVm vm, Func<string, string> rgId, Func<string?, string, string> loc,
        Func<string, string, string, string?, string, JsonObject> create, Dictionary<string, int> ipCounters)
    {
        var rg = rgId(vm.Rg);
        var location = loc(vm.Location, vm.Rg);
        var vmId = $"{rg}/providers/Microsoft.Compute/virtualMachines/{vm.Name}";
        var hash = SimState.DeterministicGuid(vmId).Replace("-", "")[..32];
        var isWin = vm.Os.Equals("Windows", StringComparison.OrdinalIgnoreCase);
        var (pub, offer, sku, _) = Image(isWin ? "Windows" : "Linux", vm.Image);

        // public IP
        string? pipId = null;
        if (vm.PublicIp)
        {
            pipId = $"{rg}/providers/Microsoft.Network/publicIPAddresses/{vm.Name}-ip";
            var pip = create("Microsoft.Network/publicIPAddresses", pipId, vm.Name + "-ip", location, vm.Rg);
            pip["etag"] = $"W/\"{SimState.DeterministicGuid(pipId)}\"";
            st.PutLive(pip);
        }
        // NIC
        var nicName = $"{vm.Name}{(int)(Convert.ToUInt32(hash[..6], 16) % 900) + 100}";
        var nicId = $"{rg}/providers/Microsoft.Network/networkInterfaces/{nicName}";
        var nic = create("Microsoft.Network/networkInterfaces", nicId, nicName, location, vm.Rg);
        var vnetRg = rgId(vm.VnetRg ?? vm.Rg);
        var subnetId = $"{vnetRg}/providers/Microsoft.Network/virtualNetworks/{vm.Vnet}/subnets/{vm.Subnet}";
        var subnet = Network.FindSubnet(st, subnetId) ?? throw new InvalidOperationException($"Seed VM '{vm.Name}' references unknown subnet '{subnetId}'.");
        var prefix = subnet.Str("properties", "addressPrefix") ?? "10.0.0.0/24";
        var n = ipCounters.TryGetValue(subnetId, out var cur) ? cur + 1 : 4;
        ipCounters[subnetId] = n;
        var b = System.Net.IPAddress.Parse(prefix.Split('/')[0]).GetAddressBytes();
        b[3] = (byte)(n % 256); b[2] = (byte)(b[2] + n / 256);
        var ipcProps = J.O(("provisioningState", "Succeeded"), ("privateIPAddress", new System.Net.IPAddress(b).ToString()), ("privateIPAllocationMethod", "Dynamic"),
            ("subnet", J.Ref(subnetId)), ("primary", true), ("privateIPAddressVersion", "IPv4"));
        if (pipId != null) ipcProps["publicIPAddress"] = J.Ref(pipId);
        nic.Props()["ipConfigurations"] = J.A([J.O(("name", "ipconfig1"), ("id", $"{nicId}/ipConfigurations/ipconfig1"), ("type", "Microsoft.Network/networkInterfaces/ipConfigurations"), ("properties", ipcProps))]);
        if (vm.Nsg != null) nic.Props()["networkSecurityGroup"] = J.Ref($"{rg}/providers/Microsoft.Network/networkSecurityGroups/{vm.Nsg}");
        nic.Props()["virtualMachine"] = J.Ref(vmId);
        nic["etag"] = $"W/\"{SimState.DeterministicGuid(nicId)}\"";
        st.PutLive(nic);

        // disks
        var encryption = vm.DiskEncryption.Equals("CustomerKey", StringComparison.OrdinalIgnoreCase)
            ? J.O(("type", "EncryptionAtRestWithCustomerKey"), ("diskEncryptionSetId", $"{rg}/providers/Microsoft.Compute/diskEncryptionSets/des-{vm.Rg}"))
            : J.O(("type", "EncryptionAtRestWithPlatformKey"));
        void DiskAccess(JsonObject diskProps)
        {
            if (vm.DiskPublicAccess) return;
            diskProps["networkAccessPolicy"] = "DenyAll";
            diskProps["publicNetworkAccess"] = "Disabled";
            diskProps["dataAccessAuthMode"] = "AzureActiveDirectory";
        }
        var osDiskName = $"{vm.Name}_OsDisk_1_{hash}";
        var osDiskId = $"{rg}/providers/Microsoft.Compute/disks/{osDiskName}";
        var osSize = vm.OsDiskSizeGb > 0 ? vm.OsDiskSizeGb : isWin ? 127 : 30;
        var osSku = vm.OsDiskSku ?? "Premium_LRS";
        var dataSku = vm.DataDiskSku ?? "Premium_LRS";
        var ade = vm.AdeEncrypted
            ? J.O(("enabled", true), ("encryptionSettings", J.A([J.O(
                ("diskEncryptionKey", J.O(("sourceVault", J.Ref($"{rg}/providers/Microsoft.KeyVault/vaults/kv-ade-{vm.Rg}")), ("secretUrl", $"https://kv-ade-{vm.Rg}.vault.azure.net/secrets/{vm.Name}-bek/{hash[..32]}"))),
                ("keyEncryptionKey", J.O(("sourceVault", J.Ref($"{rg}/providers/Microsoft.KeyVault/vaults/kv-ade-{vm.Rg}")), ("keyUrl", $"https://kv-ade-{vm.Rg}.vault.azure.net/keys/ade-kek/{hash[..32]}"))))])), ("encryptionSettingsVersion", "1.1"))
            : null;
        var osDisk = create("Microsoft.Compute/disks", osDiskId, osDiskName, location, vm.Rg);
        osDisk["managedBy"] = vmId;
        osDisk["sku"] = DiskSku(osSku);
        var odp = osDisk.Props();
        if (ade != null) odp["encryptionSettingsCollection"] = ade.DeepClone();
        odp["osType"] = isWin ? "Windows" : "Linux";
        odp["creationData"] = J.O(("createOption", "FromImage"), ("imageReference", J.Ref($"/Subscriptions/{ArmPaths.SubAndRg(rg).Sub}/Providers/Microsoft.Compute/Locations/{location}/Publishers/{pub}/ArtifactTypes/VMImage/Offers/{offer}/Skus/{sku}/Versions/latest")));
        odp["diskSizeGB"] = osSize;
        odp["diskSizeBytes"] = osSize * 1073741824L;
        odp["diskState"] = "Attached";
        odp["encryption"] = encryption.DeepClone();
        odp["securityProfile"] = J.O(("securityType", "TrustedLaunch"));
        odp["supportsHibernation"] = true;
        odp["LastOwnershipUpdateTime"] = odp.Str("timeCreated");
        DiskAccess(odp);
        if (!vm.UnmanagedOsDisk)
        {
            st.PutLive(osDisk);
            var content = vm.OsDiskContent ?? DefaultContent(isWin, vm.Image);
            if (content != null && !content.Equals("none", StringComparison.OrdinalIgnoreCase)) st.DiskContents.Set(osDiskId, content);
        }
        var dataDisks = new JsonArray();
        for (var i = 0; i < vm.DataDisks; i++)
        {
            var dn = $"{vm.Name}_DataDisk_{i}";
            var did = $"{rg}/providers/Microsoft.Compute/disks/{dn}";
            var d = create("Microsoft.Compute/disks", did, dn, location, vm.Rg);
            d["managedBy"] = vmId;
            d["sku"] = DiskSku(dataSku);
            if (ade != null) d.Props()["encryptionSettingsCollection"] = ade.DeepClone();
            d.Props()["diskSizeGB"] = 128;
            d.Props()["diskSizeBytes"] = 128 * 1073741824L;
            d.Props()["diskState"] = "Attached";
            d.Props().Remove("osType");
            d.Props()["encryption"] = encryption.DeepClone();
            d.Props()["LastOwnershipUpdateTime"] = d.Props().Str("timeCreated");
            DiskAccess(d.Props());
            st.PutLive(d);
            dataDisks.Add(J.O(("lun", i), ("name", dn), ("createOption", "Attach"), ("caching", "ReadOnly"), ("writeAcceleratorEnabled", false),
                ("managedDisk", J.O(("storageAccountType", dataSku), ("id", did))), ("deleteOption", "Detach"), ("diskSizeGB", 128), ("toBeDetached", false)));
        }

        var v = create("Microsoft.Compute/virtualMachines", vmId, vm.Name, location, vm.Rg);
        v["tags"] = Tags(vm.Tags);
        var p = v.Props();
        p["hardwareProfile"] = J.O(("vmSize", vm.Size));
        p["storageProfile"] = J.O(
            ("imageReference", J.O(("publisher", pub), ("offer", offer), ("sku", sku), ("version", "latest"), ("exactVersion", isWin ? "20348.2700.240905" : "22.04.202409120"))),
            ("osDisk", J.O(("osType", isWin ? "Windows" : "Linux"), ("name", osDiskName), ("createOption", "FromImage"), ("caching", "ReadWrite"),
                ("managedDisk", J.O(("storageAccountType", osSku), ("id", osDiskId))), ("deleteOption", "Delete"), ("diskSizeGB", osSize))),
            ("dataDisks", dataDisks),
            ("diskControllerType", "SCSI"));
        var vmOsDisk = (JsonObject)p["storageProfile"]!["osDisk"]!;
        if (vm.UnmanagedOsDisk)
        {
            // a classic VHD in a storage account: no managed disk resource, no snapshot API
            vmOsDisk.Remove("managedDisk");
            vmOsDisk["vhd"] = J.O(("uri", $"https://st{vm.Rg.Replace("-", "")}vhds.blob.{st.Cloud.StorageSuffix}/vhds/{osDiskName}.vhd"));
        }
        if (ade != null) vmOsDisk["encryptionSettings"] = J.O(("enabled", true));
        p["osProfile"] = isWin
            ? J.O(("computerName", vm.Name.Length > 15 ? vm.Name[..15] : vm.Name), ("adminUsername", "contosoadmin"),
                ("windowsConfiguration", J.O(("provisionVMAgent", true), ("enableAutomaticUpdates", true), ("patchSettings", J.O(("patchMode", "AutomaticByOS"), ("assessmentMode", "ImageDefault"), ("enableHotpatching", false))))),
                ("secrets", new JsonArray()), ("allowExtensionOperations", true), ("requireGuestProvisionSignal", true))
            : J.O(("computerName", vm.Name), ("adminUsername", "azureuser"),
                ("linuxConfiguration", J.O(("disablePasswordAuthentication", !vm.PasswordAuth), ("provisionVMAgent", true), ("patchSettings", J.O(("patchMode", "ImageDefault"), ("assessmentMode", "ImageDefault"))))),
                ("secrets", new JsonArray()), ("allowExtensionOperations", true), ("requireGuestProvisionSignal", true));
        if (vm.EncryptionAtHost) ((JsonObject)(p["securityProfile"] ??= new JsonObject()))["encryptionAtHost"] = true;
        p["networkProfile"] = J.O(("networkInterfaces", J.A([J.O(("id", nicId), ("properties", J.O(("deleteOption", "Detach"))))])));
        st.PutLive(v);
        st.PowerStates[SimState.Norm(vmId)] = vm.Power.ToLowerInvariant() switch
        {
            "stopped" => "PowerState/stopped",
            "deallocated" => "PowerState/deallocated",
            _ => "PowerState/running",
        };
    }
}
