using Host = Portal.Domain.Inventory.Host;

namespace Portal.Web.Model;

/// <summary>A host as the hosts table shows it.</summary>
public sealed class HostRow
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
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
        Id = h.Id, Name = h.Name, Account = account, ResourceGroup = h.ResourceGroup, Location = h.Location, VmSize = h.VmSize,
        OsType = h.OsType, PowerState = h.PowerState, PrivateIps = string.Join(", ", h.PrivateIps), PublicIps = string.Join(", ", h.PublicIps),
        LastSeen = h.LastSeen, Removed = h.Removed,
    };
}
