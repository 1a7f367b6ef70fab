using System.Text.Json;

namespace Portal.Cspm.Checks.Compute;

internal static class Vm
{
    public static IEnumerable<JsonElement> Disks(ResourceConfig vm)
    {
        if (vm.Json.At("properties.storageProfile.osDisk") is { } os) yield return os;
        foreach (var d in vm.Json.Arr("properties.storageProfile.dataDisks")) yield return d;
    }

    /// <summary>Extensions stored as child resources, plus those embedded in the VM's "resources" array (GET with $expand).</summary>
    public static List<(string Name, string Publisher, string Type)> Extensions(ResourceConfig vm, IResourceSet resources)
    {
        var list = new List<(string, string, string)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in resources.ChildrenOf(vm.Id, ResourceTypes.VmExtension).Select(c => c.Json).Concat(vm.Json.Arr("resources")))
        {
            var name = e.Str("name") ?? "?";
            name = name[(name.LastIndexOf('/') + 1)..];
            if (seen.Add(name)) list.Add((name, e.Str("properties.publisher") ?? "", e.Str("properties.type") ?? ""));
        }
        return list;
    }

    public static bool Attached(ResourceConfig disk) =>
        !string.IsNullOrEmpty(disk.Json.Str("managedBy")) || (disk.Json.Str("properties.diskState") is { } s && !s.Is("Unattached") && !s.Is("Reserved") && !s.Is("ActiveSAS") && !s.Is("ReadyToUpload"));

    public static bool CustomerKey(ResourceConfig disk) =>
        disk.Json.Str("properties.encryption.type") is { } t && t.Contains("CustomerKey", StringComparison.OrdinalIgnoreCase);
}
