using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Playbooks;
using Portal.Web.Security;

namespace Portal.Web.Api;

public sealed record AlertDto(Guid Id, string Source, string? ExternalId, Severity Severity, string? AttackerIp, string? Vm, string? VmResourceId,
    string? Description, DateTime ReceivedAt, string ReceivedBy, string DedupKey)
{
    public static AlertDto From(Alert a) => new(a.Id, a.Source, a.ExternalId, a.Severity, a.AttackerIp, a.Vm, a.VmResourceId, a.Description, a.ReceivedAt, a.ReceivedBy, a.DedupKey);
}

/// <summary>Answer to <c>POST /api/v1/alerts</c>: the stored alert (the first one when <see cref="Duplicate"/>) and its runs.</summary>
public sealed record AlertReceiptDto(AlertDto Alert, bool Duplicate, IReadOnlyList<PlaybookRunDto> Runs);

public sealed record PlaybookDto(Guid Id, string Name, string? Description, bool Enabled, PlaybookTrigger Trigger, PlaybookConditions Conditions,
    IReadOnlyList<PlaybookAction> Actions, PlaybookApproval Approval, DateTime CreatedAt, string CreatedBy, DateTime? UpdatedAt, string? UpdatedBy)
{
    public static PlaybookDto From(Playbook p) => new(p.Id, p.Name, p.Description, p.Enabled, p.Trigger, p.Conditions, p.Actions, p.Approval,
        p.CreatedAt, p.CreatedBy, p.UpdatedAt, p.UpdatedBy);
}

public sealed record PlaybookRunDto(Guid Id, Guid PlaybookId, string PlaybookName, PlaybookTriggerKind TriggerKind, string TriggerRef, Guid? AlertId,
    PlaybookRunStatus Status, IReadOnlyList<PlaybookRunStep> Steps, string? Error, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt,
    string? DecidedBy, DateTime? DecidedAt, string? DecisionReason)
{
    public static PlaybookRunDto From(PlaybookRun r) => new(r.Id, r.PlaybookId, r.PlaybookName, r.TriggerKind, r.TriggerRef, r.AlertId, r.Status,
        r.Steps, r.Error, r.CreatedAt, r.StartedAt, r.FinishedAt, r.DecidedBy, r.DecidedAt, r.DecisionReason);
}

public sealed record RunDecisionRequest(string? Reason);

/// <summary>Problem details for the playbook and alert services' outcomes.</summary>
internal static class PlaybookProblems
{
    public static IResult From(OnboardingProblem p) => p.Code switch
    {
        "NotFound" => ApiProblems.Result(404, p.Title, p.Detail, "not_found"),
        CloudErrorCodes.InvalidInput => ApiProblems.Result(400, p.Title, p.Detail, "validation"),
        PlaybookService.ConflictCode => ApiProblems.Result(409, p.Title, p.Detail, "conflict"),
        _ => ApiProblems.Result(422, p.Title, p.Detail, p.Code),
    };
}
