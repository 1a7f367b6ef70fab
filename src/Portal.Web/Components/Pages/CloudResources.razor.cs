using BootstrapBlazor.Components;
using Microsoft.AspNetCore.Components;
using Portal.Domain.Accounts;
using Portal.Domain.Risks;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

/// <summary>Browses synced resources by account, service and type with search and server paging.</summary>
public sealed partial class CloudResources
{
    [Inject] private IResourceStore Store { get; set; } = default!;
    [Inject] private IAccountStore AccountStore { get; set; } = default!;

    private static readonly int[] PageSizes = [25, 50, 100, 200];
    private Table<CloudResourceRow>? _table;
    private IReadOnlyDictionary<Guid, string> _accounts = new Dictionary<Guid, string>();
    private IReadOnlyList<ResourceTypeCount> _types = [];

    [SupplyParameterFromQuery(Name = "search")] public string? Search { get; set; }
    [SupplyParameterFromQuery(Name = "service")] public string? Service { get; set; }
    private Guid? AccountId { get; set; }
    private string? Type { get; set; }
    private bool IncludeRemoved { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _accounts = (await AccountStore.ListAsync()).ToDictionary(a => a.Id, a => a.Name);
        await LoadTypesAsync();
    }

    private async Task LoadTypesAsync() => _types = await Store.CountByTypeAsync(AccountId, IncludeRemoved);

    private async Task<QueryData<CloudResourceRow>> QueryAsync(QueryPageOptions options)
    {
        var result = await Store.QueryAsync(new ResourceQuery
        {
            AccountId = AccountId, Service = Service, Type = Type, Search = Search, IncludeRemoved = IncludeRemoved,
            Page = Math.Max(1, options.PageIndex), PageSize = options.PageItems,
        });
        return new QueryData<CloudResourceRow>
        {
            Items = result.Items.Select(r => CloudResourceRow.From(r, _accounts.GetValueOrDefault(r.AccountId, "?"))).ToList(),
            TotalCount = result.Total,
        };
    }

    private Task ReloadAsync() => _table?.QueryAsync(1) ?? Task.CompletedTask;

    private async Task AccountChangedAsync()
    {
        await LoadTypesAsync();
        await ReloadAsync();
    }

    private Task ServiceChangedAsync()
    {
        Type = null;
        return ReloadAsync();
    }
}
