using BootstrapBlazor.Components;
using Microsoft.AspNetCore.Components;
using Portal.Domain.Accounts;
using Portal.Domain.Inventory;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

public sealed partial class Hosts
{
    [Inject] private IHostStore Store { get; set; } = default!;
    [Inject] private IAccountStore AccountStore { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private static readonly int[] PageSizes = [25, 50, 100, 200];
    private Table<HostRow>? _table;
    private IReadOnlyList<CloudAccount> _accounts = [];
    private IReadOnlyList<string> _regions = [], _powerStates = [];

    private string? Search { get; set; }
    private Guid? AccountId { get; set; }
    private string? Region { get; set; }
    private string? PowerState { get; set; }
    private string? Tag { get; set; }
    private bool IncludeRemoved { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _accounts = await AccountStore.ListAsync();
        var counts = await Store.CountAsync();
        _regions = counts.ByRegion.Keys.Order().ToList();
        _powerStates = counts.ByPowerState.Keys.Order().ToList();
    }

    private HostQuery Query(QueryPageOptions? page = null) => new()
    {
        Search = Search, AccountId = AccountId, Region = Region, PowerState = PowerState, Tag = Tag, IncludeRemoved = IncludeRemoved,
        SortBy = page?.SortName switch { nameof(HostRow.Location) => "region", nameof(HostRow.PowerState) => "powerstate", nameof(HostRow.ResourceGroup) => "resourcegroup", nameof(HostRow.LastSeen) => "lastseen", _ => "name" },
        Descending = page?.SortOrder == SortOrder.Desc,
        Page = Math.Max(1, page?.PageIndex ?? 1),
        PageSize = page?.PageItems ?? 50,
    };

    private async Task<QueryData<HostRow>> QueryAsync(QueryPageOptions options)
    {
        var result = await Store.QueryAsync(Query(options));
        var names = _accounts.ToDictionary(a => a.Id, a => a.Name);
        return new QueryData<HostRow>
        {
            Items = result.Items.Select(h => HostRow.From(h, names.GetValueOrDefault(h.AccountId, "?"))).ToList(),
            TotalCount = result.Total,
            IsSorted = true,
        };
    }

    private Task ReloadAsync() => _table?.QueryAsync(1) ?? Task.CompletedTask;

    private Task OpenAsync(HostRow row)
    {
        Navigation.NavigateTo($"hosts/{row.Id}");
        return Task.CompletedTask;
    }

    private string ExportUrl
    {
        get
        {
            var q = new Dictionary<string, string?>
            {
                ["search"] = Search, ["accountId"] = AccountId?.ToString(), ["region"] = Region, ["powerState"] = PowerState,
                ["tag"] = Tag, ["includeRemoved"] = IncludeRemoved ? "true" : null,
            };
            return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("api/v1/hosts/export.csv", q.Where(kv => !string.IsNullOrEmpty(kv.Value))!);
        }
    }

    internal static string PowerBadge(string? state) => state switch
    {
        "running" => "text-bg-success",
        "deallocated" or "stopped" => "text-bg-secondary",
        _ => "text-bg-warning",
    };
}
