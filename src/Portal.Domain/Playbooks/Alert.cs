using System.Security.Cryptography;
using System.Text;
using Portal.Cspm;

namespace Portal.Domain.Playbooks;

/// <summary>What a detection tool posts to <c>POST /api/v1/alerts</c>, as received (validated by <see cref="AlertService"/>).</summary>
/// <param name="Id">The caller's own id of the alert; with <paramref name="Source"/> it makes the dedup key.</param>
/// <param name="Vm">The affected VM: its ARM resource id or its name as the hosts inventory knows it.</param>
public sealed record AlertRequest(string? Source, string? Severity, string? AttackerIp, string? Vm, string? Description, string? Id = null);

/// <summary>A security alert the portal received; playbooks with an alert trigger react to it once.</summary>
public sealed class Alert
{
    public Guid Id { get; set; }
    public string Source { get; set; } = "";
    /// <summary>The caller's id of the alert, when it gave one.</summary>
    public string? ExternalId { get; set; }
    public Severity Severity { get; set; }
    /// <summary>An IPv4/IPv6 address or CIDR, normalised.</summary>
    public string? AttackerIp { get; set; }
    /// <summary>The VM as the caller named it.</summary>
    public string? Vm { get; set; }
    /// <summary>The VM's ARM resource id (lower-cased) resolved through the hosts inventory.</summary>
    public string? VmResourceId { get; set; }
    public string? Description { get; set; }
    public DateTime ReceivedAt { get; set; }
    public string ReceivedBy { get; set; } = "";
    /// <summary>Source + the caller's id, or source + a hash of the content: a second post with the same key is the same alert.</summary>
    public string DedupKey { get; set; } = "";

    /// <summary>"source:id" when the caller gave an id; otherwise "source:sha256:{hash of severity, IP, VM, description}".</summary>
    public static string KeyFor(string source, string? externalId, Severity severity, string? attackerIp, string? vm, string? description)
    {
        var s = source.Trim().ToLowerInvariant();
        if (!string.IsNullOrWhiteSpace(externalId)) return $"{s}:{externalId.Trim()}";
        var content = string.Join('\n', severity.ToString(), attackerIp ?? "", (vm ?? "").ToLowerInvariant(), description ?? "");
        return $"{s}:sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))}";
    }
}

public sealed record AlertQuery
{
    public string? Source { get; init; }
    public Severity? MinSeverity { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 50;
}

/// <summary>What <see cref="AlertService.ReceiveAsync"/> did: the stored alert (the first one for a duplicate) and the runs it started.</summary>
public sealed record AlertReceipt(Alert Alert, bool Duplicate, IReadOnlyList<PlaybookRun> Runs);
