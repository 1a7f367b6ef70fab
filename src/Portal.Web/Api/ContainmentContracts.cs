using Portal.Domain.Cloud;
using Portal.Domain.Response;

namespace Portal.Web.Api;

/// <summary>The body of POST /api/v1/containment and /preview.</summary>
public sealed record ContainmentRequestDto(string? Action, string? Target, string? Scope, string? PowerAction, string? Reason,
    bool? BothDirections, string? ManagementCidr, bool? UseQuarantineNsg)
{
    /// <summary>The domain request, or the field problem ("action" and "powerAction" spelled as the API documents them).</summary>
    public (ContainmentRequest? Request, string? Error) ToRequest(string? idempotencyKey)
    {
        ContainmentKind? kind = Action?.Trim().ToLowerInvariant() switch
        {
            "block_ip" => ContainmentKind.BlockIp,
            "isolate" => ContainmentKind.Isolate,
            "power" => ContainmentKind.Power,
            _ => null,
        };
        if (kind is null) return (null, "'action' must be \"block_ip\", \"isolate\" or \"power\".");
        VmPowerAction? power = null;
        if (PowerAction is not null)
        {
            power = PowerAction.Trim().ToLowerInvariant() switch
            {
                "start" => VmPowerAction.Start,
                "poweroff" => VmPowerAction.PowerOff,
                "deallocate" => VmPowerAction.Deallocate,
                "restart" => VmPowerAction.Restart,
                _ => null,
            };
            if (power is null) return (null, "'powerAction' must be \"start\", \"powerOff\", \"deallocate\" or \"restart\".");
        }
        return (new ContainmentRequest(kind.Value, Target, Scope, power, Reason)
        {
            BothDirections = BothDirections ?? false, ManagementCidr = ManagementCidr, UseQuarantineNsg = UseQuarantineNsg ?? false, IdempotencyKey = idempotencyKey,
        }, null);
    }
}

public sealed record ContainmentAcceptedDto(Guid Id, string Status);

public sealed record UndoRequestDto(string? Reason);

public sealed record ContainmentErrorDto(string Code, string? Message, string? Meaning, string? Fix);

public sealed record ContainmentDto(Guid Id, string Action, string Status, string Target, string? Scope, string? PowerAction, bool BothDirections,
    string? ManagementCidr, string Reason, string RequestedBy, DateTime RequestedAt, DateTime? StartedAt, DateTime? FinishedAt,
    ContainmentErrorDto? Error, IReadOnlyList<ContainmentStep> Steps, IReadOnlyList<UndoItem> Undo, ContainmentVerification? Verification,
    string? UndoRequestedBy, DateTime? UndoneAt, bool InForce)
{
    public static string ActionName(ContainmentKind k) => k switch { ContainmentKind.BlockIp => "block_ip", ContainmentKind.Isolate => "isolate", _ => "power" };

    public static string PowerName(VmPowerAction p) => p switch
    {
        VmPowerAction.PowerOff => "powerOff", VmPowerAction.Deallocate => "deallocate", VmPowerAction.Restart => "restart", _ => "start",
    };

    public static ContainmentDto From(ContainmentAction a) => new(a.Id, ActionName(a.Kind), a.Status.ToString().ToLowerInvariant(), a.Target, a.Scope,
        a.PowerAction is { } p ? PowerName(p) : null, a.BothDirections, a.ManagementCidr, a.Reason, a.RequestedBy, a.RequestedAt, a.StartedAt, a.FinishedAt,
        a.ErrorCode is null ? null : new ContainmentErrorDto(a.ErrorCode, a.ErrorMessage, a.ErrorMeaning, a.ErrorFix),
        a.Steps, a.UndoItems, a.Verification, a.UndoRequestedBy, a.UndoneAt, a.IsInForce && a.ActiveKey is not null);
}

public sealed record ContainmentPreviewDto(string Action, string Target, string? Scope, string? VmName, string? PowerState,
    IReadOnlyList<NsgPlan> Nsgs, IReadOnlyList<NicIsolationPlan> Nics, IReadOnlyList<NicAccess> AccessBefore, IReadOnlyList<NicAccess> AccessAfter,
    IReadOnlyList<string> Problems, bool NeedsQuarantine, IReadOnlyList<string> Notes)
{
    public static ContainmentPreviewDto From(ContainmentPreview p) => new(ContainmentDto.ActionName(p.Action.Kind), p.Action.Target, p.Action.Scope, p.VmName, p.PowerState,
        p.Plan.Nsgs, p.Plan.Nics, p.Plan.AccessBefore, p.Plan.AccessAfter, p.Plan.Problems, p.Plan.NeedsQuarantine, p.Plan.Notes);
}

public sealed record ProtectedTargetDto(string Kind, string Value, string? Note, bool BuiltIn);

public sealed record ProtectedTargetsPutDto(IReadOnlyList<ProtectedTargetDto>? Targets);
