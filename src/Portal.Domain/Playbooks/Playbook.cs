using Portal.Cspm;
using Portal.Domain.Cloud;
using Portal.Domain.Response;

namespace Portal.Domain.Playbooks;

public enum PlaybookTriggerKind { Alert, ConfigurationRisk }

public enum PlaybookApproval { Automatic, RequiresApproval }

/// <summary>Where a block_ip step puts its deny rule.</summary>
public enum BlockIpScope
{
    /// <summary>The NSGs of the alert's VM (NIC and subnet).</summary>
    AlertVm,
    /// <summary>Every NSG of the alert VM's resource group.</summary>
    AlertResourceGroup,
    /// <summary>The fixed <see cref="PlaybookAction.ScopeId"/> (a VM, resource group or subscription id).</summary>
    Fixed,
}

/// <summary>When a playbook is considered: an alert arrives, or a scan finds a failed check (<see cref="CheckId"/>, at least <see cref="MinSeverity"/>).</summary>
public sealed record PlaybookTrigger(PlaybookTriggerKind Kind, string? CheckId = null, Severity? MinSeverity = null);

/// <summary>All set conditions must hold for a playbook to run (unset ones are ignored).</summary>
public sealed record PlaybookConditions
{
    public Severity? MinSeverity { get; init; }
    /// <summary>The alert's source, compared without regard to case.</summary>
    public string? SourceEquals { get; init; }
    public bool AttackerIpPresent { get; init; }
    public bool VmPresent { get; init; }
    /// <summary>"key=value": the alert's VM (or the risky resource) carries this tag (key without case, value exact).</summary>
    public string? VmTagEquals { get; init; }
}

/// <summary>One action of a playbook, planned into one or more run steps when a run is created.</summary>
public sealed record PlaybookAction
{
    public ContainmentKind Kind { get; init; }
    /// <summary>block_ip: where to block. When the alert names no VM, VM-relative scopes fall back to <see cref="ScopeId"/>
    /// if given, else to each subscription of the accounts with the Response feature.</summary>
    public BlockIpScope Scope { get; init; } = BlockIpScope.AlertVm;
    /// <summary>block_ip with <see cref="BlockIpScope.Fixed"/>: a VM, resource group or subscription resource id; otherwise the fallback scope.</summary>
    public string? ScopeId { get; init; }
    /// <summary>block_ip: deny outbound traffic to the address too.</summary>
    public bool BothDirections { get; init; }
    /// <summary>isolate: a CIDR still allowed in and out.</summary>
    public string? ManagementCidr { get; init; }
    /// <summary>power: what to do with the VM.</summary>
    public VmPowerAction? PowerAction { get; init; }

    public override string ToString() => Kind switch
    {
        ContainmentKind.BlockIp => $"block_ip ({Scope}{(ScopeId is null ? "" : " " + ScopeId)}{(BothDirections ? ", both directions" : "")})",
        ContainmentKind.Isolate => $"isolate{(ManagementCidr is null ? "" : $" (management {ManagementCidr})")}",
        _ => $"power {PowerAction}",
    };
}

/// <summary>Trigger + conditions + ordered actions + approval mode. Changed by admins only; every change audited.</summary>
public sealed class Playbook
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public bool Enabled { get; set; }
    public PlaybookTriggerKind TriggerKind { get; set; }
    public string? TriggerCheckId { get; set; }
    public Severity? TriggerMinSeverity { get; set; }
    public PlaybookConditions Conditions { get; set; } = new();
    public List<PlaybookAction> Actions { get; set; } = [];
    public PlaybookApproval Approval { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime? UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }

    public PlaybookTrigger Trigger => new(TriggerKind, TriggerCheckId, TriggerMinSeverity);

    /// <summary>The run actor: containment actions and audit entries name the playbook.</summary>
    public string Actor => $"playbook:{Name}";
}

/// <summary>What an admin sends to create or replace a playbook.</summary>
public sealed record PlaybookDefinition(string? Name, string? Description, bool Enabled, PlaybookTrigger? Trigger,
    PlaybookConditions? Conditions, IReadOnlyList<PlaybookAction>? Actions, PlaybookApproval Approval);
