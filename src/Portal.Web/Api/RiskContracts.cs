using System.Text.Json;
using Portal.Cspm;
using Portal.Domain.Risks;

namespace Portal.Web.Api;

/// <summary>One item of <c>GET /api/v1/risks</c>: a check with its failed / passed / whitelisted counts.</summary>
public sealed record RiskSummaryDto(string CheckId, string Title, Severity Severity, string Service, IReadOnlyList<string> Cis,
    int Failed, int Passed, int Whitelisted)
{
    public static RiskSummaryDto From(CheckSummary s) => new(s.CheckId, s.Title, s.Severity, s.Service, s.Cis, s.Failed, s.Passed, s.Whitelisted);
}

/// <summary>A check of the catalog with everything needed to understand and fix it.</summary>
public sealed record CheckDto(string CheckId, string Title, Severity Severity, string Service, string ResourceType, IReadOnlyList<string> Cis,
    string Description, string Risk, RemediationDto Remediation)
{
    public static CheckDto From(CheckMetadata m) =>
        new(m.Id, m.Title, m.Severity, m.Service, m.ResourceType, m.Cis, m.Description, m.Risk, new RemediationDto(m.RemediationPortal, m.RemediationCli));
}

public sealed record RemediationDto(string Portal, string Cli);

/// <summary>One resource under a check (<c>GET /api/v1/risks/{checkId}/resources</c>).</summary>
public sealed record CheckResourceDto(string ResourceId, string? Name, string? Type, Guid AccountId, string? AccountName, string Status,
    string Evidence, DateTime EvaluatedAt, Guid? WhitelistEntryId)
{
    public static CheckResourceDto From(CheckResourceResult r, IReadOnlyDictionary<Guid, string> accountNames) =>
        new(r.ResourceId, r.Name, r.Type, r.AccountId, accountNames.GetValueOrDefault(r.AccountId), StatusName(r.Status), r.Evidence, r.EvaluatedAt, r.WhitelistEntryId);

    /// <summary>"failed", "passed" or "whitelisted", as the API's query parameters spell them.</summary>
    public static string StatusName(RiskStatus s) => JsonNamingPolicy.CamelCase.ConvertName(s.ToString());
}

/// <summary>One row of the failed-checks export (CSV and JSON): one failed resource of one check.</summary>
public sealed record RiskExportRow(Guid AccountId, string? Account, string CheckId, string Title, Severity Severity, string Service, string Cis,
    string ResourceId, string? ResourceName, string? ResourceType, string Status, string Evidence, string RemediationPortal, string RemediationCli,
    DateTime EvaluatedAt)
{
    public static RiskExportRow From(RiskFinding f, IReadOnlyDictionary<Guid, string> accountNames) => new(
        f.Resource.AccountId, accountNames.GetValueOrDefault(f.Resource.AccountId), f.Check.Id, f.Check.Title, f.Check.Severity, f.Check.Service,
        string.Join(" ", f.Check.Cis), f.Resource.ResourceId, f.Resource.Name, f.Resource.Type, CheckResourceDto.StatusName(f.Resource.Status),
        f.Resource.Evidence, f.Check.RemediationPortal, f.Check.RemediationCli, f.Resource.EvaluatedAt);

    public static readonly string[] CsvHeader =
        ["accountId", "account", "checkId", "title", "severity", "service", "cis", "resourceId", "resourceName", "resourceType", "status", "evidence",
         "remediationPortal", "remediationCli", "evaluatedAt"];

    public string?[] CsvFields() =>
        [AccountId.ToString(), Account, CheckId, Title, Severity.ToString(), Service, Cis, ResourceId, ResourceName, ResourceType, Status, Evidence,
         RemediationPortal, RemediationCli, EvaluatedAt.ToString("O")];
}

/// <summary>Body of <c>POST /api/v1/whitelist</c> and <c>PUT /api/v1/whitelist/{id}</c>.</summary>
public sealed record WhitelistEntryRequest(string? CheckId, WhitelistScopeDto? Scope, string? Reason, DateTime? ExpiresOn);

/// <summary>type: "resource", "resourceGroup", "subscription" or "tag"; value: an ARM id, a resource group id, a subscription id, or "key=value".</summary>
public sealed record WhitelistScopeDto(string? Type, string? Value)
{
    public static WhitelistScopeDto From(WhitelistScope s) => new(TypeName(s.Type), s.Value);

    public static string TypeName(WhitelistScopeType t) => JsonNamingPolicy.CamelCase.ConvertName(t.ToString());

    public static readonly string AllowedTypes = string.Join(", ", Enum.GetValues<WhitelistScopeType>().Select(t => $"\"{TypeName(t)}\""));
}

public sealed record WhitelistEntryDto(Guid Id, string CheckId, string? CheckTitle, WhitelistScopeDto Scope, string Reason, string State,
    string CreatedBy, DateTime CreatedAt, DateTime? ExpiresOn, string? UpdatedBy, DateTime? UpdatedAt, string? RemovedBy, DateTime? RemovedAt)
{
    public static WhitelistEntryDto From(WhitelistEntry e, DateTime now) => new(
        e.Id, e.CheckId, CheckCatalog.Find(e.CheckId)?.Metadata.Title, WhitelistScopeDto.From(e.Scope), e.Reason,
        JsonNamingPolicy.CamelCase.ConvertName(e.State(now).ToString()), e.CreatedBy, e.CreatedAt, e.ExpiresOn, e.UpdatedBy, e.UpdatedAt,
        e.RemovedBy, e.RemovedAt);
}
