using MudBlazor;
using Portal.Domain.Accounts;
using Portal.Domain.Inventory;

namespace Portal.Web.Model;

/// <summary>
/// The Hosts page: its filters (kept in the URL), the server-side query the grid pages through, and the CSV link that follows
/// the same filters. The store pages and sorts; nothing loads every host into memory.
/// </summary>
public sealed class HostsView(IHostStore store, IAccountStore accountStore)
{
    public static readonly int[] PageSizes = [25, 50, 100, 200];
    public const int DefaultPageSize = 50;

    public string? Search { get; set; }
    public Guid? AccountId { get; set; }
    public string? Region { get; set; }
    public string? PowerState { get; set; }
    public string? Tag { get; set; }
    public bool IncludeRemoved { get; set; }
    /// <summary>0-based page and the page size, as the grid counts them.</summary>
    public int Page { get; set; }
    public int PageSize { get; set; } = DefaultPageSize;
    /// <summary>The store's sort key: name, resourcegroup, region, powerstate or lastseen.</summary>
    public string Sort { get; set; } = "name";
    public bool Descending { get; set; }

    public IReadOnlyList<CloudAccount> Accounts { get; private set; } = [];
    public IReadOnlyList<string> Regions { get; private set; } = [];
    public IReadOnlyList<string> PowerStates { get; private set; } = [];
    public int Total { get; private set; }
    /// <summary>The last query sent to the store (tests and the page's "n hosts" line read it).</summary>
    public HostQuery? LastQuery { get; private set; }

    public bool HasFilters => !string.IsNullOrWhiteSpace(Search) || AccountId is not null || !string.IsNullOrEmpty(Region)
        || !string.IsNullOrEmpty(PowerState) || !string.IsNullOrWhiteSpace(Tag) || IncludeRemoved;

    public async Task LoadChoicesAsync(CancellationToken ct = default)
    {
        Accounts = await accountStore.ListAsync(ct);
        var counts = await store.CountAsync(null, ct);
        Regions = counts.ByRegion.Keys.Order(StringComparer.OrdinalIgnoreCase).ToList();
        PowerStates = counts.ByPowerState.Keys.Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private bool _restart;

    /// <summary>A filter changed: the next load starts from the first page.</summary>
    public void FiltersChanged()
    {
        Page = 0;
        _restart = true;
    }

    public void ClearFilters()
    {
        Search = Region = PowerState = Tag = null;
        AccountId = null;
        IncludeRemoved = false;
        Page = 0;
    }

    /// <summary>Grid column → the store's sort key.</summary>
    public static string SortKey(string? column) => column switch
    {
        nameof(HostRow.ResourceGroup) => "resourcegroup",
        nameof(HostRow.Location) => "region",
        nameof(HostRow.PowerState) => "powerstate",
        nameof(HostRow.LastSeen) => "lastseen",
        _ => "name",
    };

    public static string SortColumn(string sortKey) => sortKey switch
    {
        "resourcegroup" => nameof(HostRow.ResourceGroup),
        "region" => nameof(HostRow.Location),
        "powerstate" => nameof(HostRow.PowerState),
        "lastseen" => nameof(HostRow.LastSeen),
        _ => nameof(HostRow.Name),
    };

    public HostQuery Query() => new()
    {
        Search = Blank(Search), AccountId = AccountId, Region = Blank(Region), PowerState = Blank(PowerState), Tag = Blank(Tag),
        IncludeRemoved = IncludeRemoved, SortBy = Sort, Descending = Descending, Page = Page + 1, PageSize = PageSize,
    };

    /// <summary>The grid's ServerData: takes its page, size and sort, asks the store for that page only.</summary>
    public async Task<GridData<HostRow>> LoadAsync(GridState<HostRow> state, CancellationToken ct = default)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        var key = sort is null ? "name" : SortKey(sort.SortBy);
        var descending = sort?.Descending ?? false;
        // MudBlazor keeps the page when the sort or a filter changes: start the new order or selection from its first page.
        Page = _restart || key != Sort || descending != Descending ? 0 : state.Page;
        _restart = false;
        Sort = key;
        Descending = descending;
        PageSize = state.PageSize;
        LastQuery = Query();
        var result = await store.QueryAsync(LastQuery, ct);
        Total = result.Total;
        var names = Accounts.ToDictionary(a => a.Id, a => a.Name);
        return new GridData<HostRow>
        {
            Items = result.Items.Select(h => HostRow.From(h, names.GetValueOrDefault(h.AccountId, "removed account"))).ToList(),
            TotalItems = result.Total,
        };
    }

    /// <summary>The page's query string: only what differs from the defaults, so a shared link stays short.</summary>
    public IReadOnlyDictionary<string, object?> QueryParameters() => new Dictionary<string, object?>
    {
        ["search"] = Blank(Search), ["account"] = AccountId?.ToString(), ["region"] = Blank(Region), ["power"] = Blank(PowerState),
        ["tag"] = Blank(Tag), ["removed"] = IncludeRemoved ? "true" : null, ["page"] = Page > 0 ? (Page + 1).ToString() : null,
        ["size"] = PageSize != DefaultPageSize ? PageSize.ToString() : null, ["sort"] = Sort != "name" ? Sort : null,
        ["desc"] = Descending ? "true" : null,
    };

    /// <summary>Takes the filters from the URL (1-based page there, as people count).</summary>
    public void FromUrl(string? search, string? account, string? region, string? power, string? tag, bool? removed, int? page, int? size, string? sort, bool? desc)
    {
        Search = Blank(search);
        AccountId = Guid.TryParse(account, out var a) ? a : null;
        Region = Blank(region);
        PowerState = Blank(power);
        Tag = Blank(tag);
        IncludeRemoved = removed == true;
        Page = Math.Max(0, (page ?? 1) - 1);
        PageSize = size is { } s && PageSizes.Contains(s) ? s : DefaultPageSize;
        Sort = sort is "resourcegroup" or "region" or "powerstate" or "lastseen" ? sort : "name";
        Descending = desc == true;
    }

    public string ExportUrl
    {
        get
        {
            var q = new Dictionary<string, string?>
            {
                ["search"] = Blank(Search), ["accountId"] = AccountId?.ToString(), ["region"] = Blank(Region), ["powerState"] = Blank(PowerState),
                ["tag"] = Blank(Tag), ["includeRemoved"] = IncludeRemoved ? "true" : null,
            };
            return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("api/v1/hosts/export.csv", q.Where(kv => kv.Value is not null)!);
        }
    }

    public static MudBlazor.Color PowerColor(string? state) => state?.ToLowerInvariant() switch
    {
        "running" => MudBlazor.Color.Success,
        "deallocated" or "stopped" => MudBlazor.Color.Default,
        _ => MudBlazor.Color.Warning,
    };

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
