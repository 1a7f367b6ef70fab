using System.Text.RegularExpressions;
using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Risks;
using Portal.Web.Security;

namespace Portal.Web.Api;

/// <summary>Reads the risk endpoints' query parameters (shared by the list and the exports) into a <see cref="RiskFilter"/>, or a
/// 400 that names the bad value and what is allowed.</summary>
public static partial class RisksQuery
{
    [GeneratedRegex(@"^\d+(\.\d+)*$")]
    private static partial Regex CisSection();

    public static IReadOnlyList<string> Services { get; } =
        CheckCatalog.All.Select(c => c.Metadata.Service).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();

    public static async Task<(RiskFilter? Filter, IResult? Problem)> ParseAsync(string? accountId, string? severity, string? service, string? cis,
        IAccountStore accounts, CancellationToken ct)
    {
        var (account, problem) = await AccountAsync(accountId, accounts, ct);
        if (problem is not null) return (null, problem);

        Severity? parsedSeverity = null;
        if (!string.IsNullOrWhiteSpace(severity))
        {
            // Names only: Enum.TryParse would also take "7".
            var name = Enum.GetNames<Severity>().FirstOrDefault(n => n.Equals(severity.Trim(), StringComparison.OrdinalIgnoreCase));
            if (name is null) return (null, Invalid($"'severity' '{severity}' is not a severity; use one of {string.Join(", ", Enum.GetNames<Severity>().Reverse())}."));
            parsedSeverity = Enum.Parse<Severity>(name);
        }
        if (!string.IsNullOrWhiteSpace(service) && !Services.Contains(service.Trim(), StringComparer.OrdinalIgnoreCase))
            return (null, Invalid($"'service' '{service}' is not a service of the catalog; use one of {string.Join(", ", Services)}."));
        if (!string.IsNullOrWhiteSpace(cis) && !CisSection().IsMatch(cis.Trim()))
            return (null, Invalid($"'cis' '{cis}' is not a CIS section; give its number, e.g. 7 or 7.1 or 3.1.6.1."));
        return (new RiskFilter { AccountId = account, Severity = parsedSeverity, Service = service?.Trim(), Cis = cis?.Trim() }, null);
    }

    /// <summary>An optional account id: absent means every account; a value must be the id of an onboarded account.</summary>
    public static async Task<(Guid? AccountId, IResult? Problem)> AccountAsync(string? accountId, IAccountStore accounts, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(accountId)) return (null, null);
        var known = await accounts.ListAsync(ct);
        if (Guid.TryParse(accountId.Trim(), out var id) && known.Any(a => a.Id == id)) return (id, null);
        var allowed = known.Count == 0 ? "no account is onboarded yet" : "onboarded accounts: " + string.Join(", ", known.Take(20).Select(a => $"{a.Id} ({a.Name})"));
        return (null, Invalid($"'accountId' '{accountId}' is not the id of an onboarded account; {allowed}."));
    }

    /// <summary>"failed", "passed" or "whitelisted" (case-insensitive); absent means all.</summary>
    public static (RiskStatus? Status, IResult? Problem) Status(string? status)
    {
        if (string.IsNullOrWhiteSpace(status)) return (null, null);
        foreach (var s in Enum.GetValues<RiskStatus>())
            if (CheckResourceDto.StatusName(s).Equals(status.Trim(), StringComparison.OrdinalIgnoreCase)) return (s, null);
        return (null, Invalid($"'status' '{status}' is not a result status; use one of {string.Join(", ", Enum.GetValues<RiskStatus>().Select(CheckResourceDto.StatusName))}."));
    }

    public static IResult UnknownCheck(string checkId) =>
        ApiProblems.Result(404, "Unknown check", $"'{checkId}' is not a check of the catalog; GET /api/v1/risks lists every check id.", "unknown_check");

    public static async Task<IReadOnlyDictionary<Guid, string>> AccountNamesAsync(IAccountStore accounts, CancellationToken ct) =>
        (await accounts.ListAsync(ct)).ToDictionary(a => a.Id, a => a.Name);

    private static IResult Invalid(string detail) => ApiProblems.Result(400, "Invalid query", detail, "validation");
}
