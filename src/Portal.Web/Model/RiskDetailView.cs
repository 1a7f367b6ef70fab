using MudBlazor;
using Portal.Domain.Risks;

namespace Portal.Web.Model;

/// <summary>The resources of one check (what <see cref="RiskService.ResourcesAsync"/> answers for one account or all) with the tab
/// counts, paged for the grid. One check's results are read once per change; tabs and pages are cut from that read so the counts on the
/// tabs and the rows always come from the same moment.</summary>
public sealed class RiskDetailView(RiskService risks, string checkId)
{
    public Guid? AccountId { get; set; }
    public RiskStatusFilter Tab { get; set; } = RiskStatusFilter.Failed;
    public IReadOnlyList<CheckResourceResult> Results { get; private set; } = [];

    public async Task LoadAsync(CancellationToken ct = default) => Results = await risks.ResourcesAsync(checkId, AccountId, null, ct);

    public int Count(RiskStatusFilter f) => f == RiskStatusFilter.All ? Results.Count : Results.Count(r => Matches(r, f));

    public static bool Matches(CheckResourceResult r, RiskStatusFilter f) => f switch
    {
        RiskStatusFilter.Failed => r.Status == RiskStatus.Failed,
        RiskStatusFilter.Whitelisted => r.Status == RiskStatus.Whitelisted,
        RiskStatusFilter.Passed => r.Status == RiskStatus.Passed,
        _ => true,
    };

    public GridData<CheckResourceResult> Page(int page, int pageSize, string? sortBy = null, bool descending = false)
    {
        var rows = Results.Where(r => Matches(r, Tab));
        rows = sortBy switch
        {
            nameof(CheckResourceResult.Name) => descending ? rows.OrderByDescending(r => r.Name, StringComparer.OrdinalIgnoreCase) : rows.OrderBy(r => r.Name, StringComparer.OrdinalIgnoreCase),
            nameof(CheckResourceResult.Type) => descending ? rows.OrderByDescending(r => r.Type) : rows.OrderBy(r => r.Type),
            nameof(CheckResourceResult.Status) => descending ? rows.OrderByDescending(r => r.Status) : rows.OrderBy(r => r.Status),
            _ => rows,
        };
        var list = rows.ToList();
        return new GridData<CheckResourceResult> { TotalItems = list.Count, Items = list.Skip(Math.Max(0, page) * pageSize).Take(pageSize).ToList() };
    }

    /// <summary>"Failed 5 → 4, whitelisted 0 → 1." after a change, from counts taken before it.</summary>
    public string CountChange((int Failed, int Whitelisted) before) =>
        $"Failed {before.Failed} → {Count(RiskStatusFilter.Failed)}, whitelisted {before.Whitelisted} → {Count(RiskStatusFilter.Whitelisted)}.";
}
