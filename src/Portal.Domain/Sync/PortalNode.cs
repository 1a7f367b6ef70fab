namespace Portal.Domain.Sync;

/// <summary>This portal instance's name (its scheduler instance id): the "from where" of scheduled work in the audit trail.</summary>
public sealed record PortalNode(string Name)
{
    public string AuditSource => $"node:{Name}";
}
