using Portal.Cspm;
using Portal.Domain.Response;

namespace Portal.Domain.Playbooks;

/// <summary>The playbooks a new portal ships with, disabled: an admin reviews and enables them.</summary>
public static class ExamplePlaybooks
{
    public const string BlockAttackerName = "Block attacker IP of high-severity alerts";
    public const string IsolateCriticalName = "Isolate a VM with a critical alert, after approval";

    public static IReadOnlyList<PlaybookDefinition> All =>
    [
        new(BlockAttackerName,
            "Blocks the alert's attacker address at the NSGs of the affected VM (every subscription with the Response feature when the alert names no VM).",
            Enabled: false, new PlaybookTrigger(PlaybookTriggerKind.Alert),
            new PlaybookConditions { MinSeverity = Severity.High, AttackerIpPresent = true },
            [new PlaybookAction { Kind = ContainmentKind.BlockIp, Scope = BlockIpScope.AlertVm }],
            PlaybookApproval.Automatic),
        new(IsolateCriticalName,
            "Cuts the affected VM off the network once an analyst approves.",
            Enabled: false, new PlaybookTrigger(PlaybookTriggerKind.Alert),
            new PlaybookConditions { MinSeverity = Severity.Critical, VmPresent = true },
            [new PlaybookAction { Kind = ContainmentKind.Isolate }],
            PlaybookApproval.RequiresApproval),
    ];
}
