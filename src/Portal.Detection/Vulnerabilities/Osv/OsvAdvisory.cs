namespace Portal.Detection.Vulnerabilities.Osv;

/// <summary>One advisory in the OSV format (ossf/osv-schema), reduced to what matching and display need.</summary>
public sealed record OsvAdvisory
{
    public required string Id { get; init; }
    public string? Summary { get; init; }
    public string? Details { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    /// <summary>Upstream ids the advisory is derived from (schema 1.6: e.g. a DSA names its CVEs here).</summary>
    public IReadOnlyList<string> Upstream { get; init; } = [];
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Modified { get; init; }
    public DateTimeOffset? Withdrawn { get; init; }
    public IReadOnlyList<OsvAffected> Affected { get; init; } = [];
    /// <summary>CVSS vectors and other scores of the advisory as a whole.</summary>
    public IReadOnlyList<OsvSeverity> Severity { get; init; } = [];
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>The CVE this advisory is about, when it names one (its id or an alias).</summary>
    public string? Cve => Id.StartsWith("CVE-", StringComparison.Ordinal) ? Id : Aliases.Concat(Upstream).FirstOrDefault(a => a.StartsWith("CVE-", StringComparison.Ordinal));
}

/// <summary>One affected package of an advisory: its ecosystem (e.g. <c>Debian:12</c>), name, ranges and listed versions.</summary>
public sealed record OsvAffected
{
    public required string Ecosystem { get; init; }
    public required string Package { get; init; }
    public IReadOnlyList<OsvRange> Ranges { get; init; } = [];
    public IReadOnlyList<string> Versions { get; init; } = [];
    public IReadOnlyList<OsvSeverity> Severity { get; init; } = [];
    /// <summary>A severity word some databases give per package (database_specific / ecosystem_specific "severity", "urgency").</summary>
    public string? SeverityLabel { get; init; }
}

public enum OsvRangeType { Ecosystem, Semver, Git }

public sealed record OsvRange(OsvRangeType Type, IReadOnlyList<OsvEvent> Events);

public enum OsvEventKind { Introduced, Fixed, LastAffected, Limit }

public sealed record OsvEvent(OsvEventKind Kind, string Version);

/// <summary>A score of an advisory: <c>CVSS_V3</c> / <c>CVSS_V4</c> / <c>CVSS_V2</c> with its vector, or another scheme's value.</summary>
public sealed record OsvSeverity(string Type, string Score);
