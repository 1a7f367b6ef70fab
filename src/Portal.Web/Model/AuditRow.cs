using Portal.Domain.Auditing;

namespace Portal.Web.Model;

/// <summary>An audit entry as the audit table shows it (BootstrapBlazor columns bind to settable properties).</summary>
public sealed class AuditRow
{
    public long Id { get; set; }
    public DateTime OccurredAt { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string? Target { get; set; }
    public AuditOutcome Outcome { get; set; }
    public string? Source { get; set; }
    public string? Detail { get; set; }

    public static AuditRow From(AuditEntry e) => new()
    {
        Id = e.Id, OccurredAt = e.OccurredAt, Actor = e.Actor, Action = e.Action, Target = e.Target,
        Outcome = e.Outcome, Source = e.Source, Detail = e.Detail,
    };
}
