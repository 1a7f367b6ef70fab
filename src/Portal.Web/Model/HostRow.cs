using Host = Portal.Domain.Inventory.Host;

namespace Portal.Web.Model;

/// <summary>A host as the hosts table shows it.</summary>
public sealed class HostRow
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string ResourceId { get; set; } = "";
    public string Account { get; set; } = "";
    public string ResourceGroup { get; set; } = "";
    public string Location { get; set; } = "";
    public string? VmSize { get; set; }
    public string? OsType { get; set; }
    public string PowerState { get; set; } = "";
    public string PrivateIps { get; set; } = "";
    public string PublicIps { get; set; } = "";
    public DateTime LastSeen { get; set; }
    public bool Removed { get; set; }

    public static HostRow From(Host h, string account) => new()
    {
        Id = h.Id, Name = h.Name, ResourceId = AzureCasing.VmId(h), Account = account, ResourceGroup = h.ResourceGroup, Location = h.Location,
        VmSize = h.VmSize, OsType = h.OsType, PowerState = h.PowerState, PrivateIps = string.Join(", ", h.PrivateIps),
        PublicIps = string.Join(", ", h.PublicIps), LastSeen = h.LastSeen, Removed = h.Removed,
    };
}

/// <summary>Azure's casing of ids the inventory stores lower-cased for matching.</summary>
public static class AzureCasing
{
    /// <summary>The VM's id rebuilt from the parts the inventory keeps as Azure returned them (subscription, group, name).</summary>
    public static string VmId(Host h) =>
        $"/subscriptions/{h.SubscriptionId}/resourceGroups/{h.ResourceGroup}/providers/Microsoft.Compute/virtualMachines/{h.Name}";
}
