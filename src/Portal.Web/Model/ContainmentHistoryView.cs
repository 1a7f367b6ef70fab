using MudBlazor;
using Portal.Domain.Response;

namespace Portal.Web.Model;

/// <summary>The Response page's history: every containment action, newest first, filtered and paged by the store.
/// Its filters and page live in the URL (h-prefixed, beside the page's tab) so a view can be shared.</summary>
public sealed class ContainmentHistoryView(ContainmentService service)
{
    public static readonly int[] PageSizes = [25, 50, 100];
    public const int DefaultPageSize = 25;

    public ContainmentKind? Kind { get; set; }
    public ContainmentStatus? Status { get; set; }
    public string? Search { get; set; }
    public int Page { get; set; }
    public int PageSize { get; set; } = DefaultPageSize;
    public int Total { get; private set; }
    public ContainmentQuery? LastQuery { get; private set; }
    private bool _restart;

    public bool HasFilters => Kind is not null || Status is not null || !string.IsNullOrWhiteSpace(Search);

    public void FiltersChanged()
    {
        Page = 0;
        _restart = true;
    }

    public void ClearFilters()
    {
        Kind = null;
        Status = null;
        Search = null;
        FiltersChanged();
    }

    public async Task<GridData<ContainmentAction>> LoadAsync(GridState<ContainmentAction> state, CancellationToken ct = default)
    {
        Page = _restart ? 0 : state.Page;
        _restart = false;
        PageSize = state.PageSize;
        LastQuery = new ContainmentQuery
        {
            Kind = Kind, Status = Status, Search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(), Page = Page + 1, PageSize = PageSize,
        };
        var result = await service.ListAsync(LastQuery, ct);
        Total = result.Total;
        return new GridData<ContainmentAction> { Items = result.Items, TotalItems = result.Total };
    }

    public IReadOnlyDictionary<string, object?> QueryParameters() => new Dictionary<string, object?>
    {
        ["hkind"] = Kind?.ToString(), ["hstatus"] = Status?.ToString(), ["hq"] = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
        ["hpage"] = Page > 0 ? (Page + 1).ToString() : null, ["hsize"] = PageSize != DefaultPageSize ? PageSize.ToString() : null,
    };

    public void FromUrl(IReadOnlyDictionary<string, string?> q)
    {
        Kind = Enum.TryParse<ContainmentKind>(q.GetValueOrDefault("hkind"), true, out var k) && Enum.IsDefined(k) ? k : null;
        Status = Enum.TryParse<ContainmentStatus>(q.GetValueOrDefault("hstatus"), true, out var s) && Enum.IsDefined(s) ? s : null;
        Search = q.GetValueOrDefault("hq");
        Page = int.TryParse(q.GetValueOrDefault("hpage"), out var p) && p > 1 ? p - 1 : 0;
        PageSize = int.TryParse(q.GetValueOrDefault("hsize"), out var z) && PageSizes.Contains(z) ? z : DefaultPageSize;
    }

    /// <summary>Who or what asked: the portal, the API, or a playbook run.</summary>
    public static string SourceText(ContainmentAction a) => a.PlaybookRunId is not null ? "playbook" : a.Source ?? "portal";

    public static string VerifiedText(ContainmentAction a) => a.Verification is null ? "—" : a.Verification.Verified ? "verified" : "differs";
}
