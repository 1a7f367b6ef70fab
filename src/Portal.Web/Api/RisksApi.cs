using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Risks;
using Portal.Web.Security;

namespace Portal.Web.Api;

/// <summary>Configuration risks: per-check counts, a check's metadata and fix, the resources under a check, and the exports.</summary>
public static class RisksApi
{
    public static RouteGroupBuilder MapRisksApi(this RouteGroupBuilder api)
    {
        var risks = api.MapGroup("/risks").WithTags("Configuration risks").RequireAuthorization(PortalPolicies.Viewer);

        risks.MapGet("/", async (RiskService riskService, IAccountStore accounts, string? accountId, string? severity, string? service, string? cis,
            CancellationToken ct) =>
        {
            var (filter, problem) = await RisksQuery.ParseAsync(accountId, severity, service, cis, accounts, ct);
            if (problem is not null) return problem;
            var rows = await riskService.SummaryAsync(filter!, ct);
            return Results.Ok(rows.Select(RiskSummaryDto.From).ToList());
        }).WithSummary("One item per check (most severe, most failed first) with failed, passed and whitelisted counts; filter by account, severity, service, CIS section.");

        risks.MapGet("/{checkId}", (string checkId) =>
            CheckCatalog.Find(checkId) is { } check ? Results.Ok(CheckDto.From(check.Metadata)) : RisksQuery.UnknownCheck(checkId))
            .WithSummary("A check's metadata: description, risk, CIS mapping and the fix in the Azure portal and as an Azure CLI command.");

        risks.MapGet("/{checkId}/resources", async (string checkId, string? accountId, string? status, RiskService service, IAccountStore accounts,
            CancellationToken ct) =>
        {
            if (CheckCatalog.Find(checkId) is null) return RisksQuery.UnknownCheck(checkId);
            var (account, accountProblem) = await RisksQuery.AccountAsync(accountId, accounts, ct);
            if (accountProblem is not null) return accountProblem;
            var (parsed, statusProblem) = RisksQuery.Status(status);
            if (statusProblem is not null) return statusProblem;
            var names = await RisksQuery.AccountNamesAsync(accounts, ct);
            var rows = await service.ResourcesAsync(checkId, account, parsed, ct);
            return Results.Ok(rows.Select(r => CheckResourceDto.From(r, names)).ToList());
        }).WithSummary("The resources a check reported on, failed first, with the evidence (the setting and its value) and the whitelist entry that covers a whitelisted one.");

        risks.MapRisksExports();
        return api;
    }
}
