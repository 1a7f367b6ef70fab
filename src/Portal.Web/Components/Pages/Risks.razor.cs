using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Risks;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

/// <summary>One row per check with failed / whitelisted / passed counts; filters live in the query string so a drill-down's
/// back link and the export buttons keep them.</summary>
public sealed partial class Risks
{
    [Inject] private RiskService RiskService { get; set; } = default!;
    [Inject] private IAccountStore AccountStore { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "status")] public string? StatusQuery { get; set; }
    [SupplyParameterFromQuery(Name = "accountId")] public Guid? AccountId { get; set; }
    [SupplyParameterFromQuery(Name = "service")] public string? Service { get; set; }
    [SupplyParameterFromQuery(Name = "severity")] public string? SeverityQuery { get; set; }
    [SupplyParameterFromQuery(Name = "cis")] public string? Cis { get; set; }

    private IReadOnlyList<CloudAccount> _cspmAccounts = [];
    private IReadOnlyList<CheckSummary> _rows = [];

    private RiskStatusFilter StatusFilter
    {
        get => Enum.TryParse<RiskStatusFilter>(StatusQuery, true, out var s) ? s : RiskStatusFilter.Failed;
        set { StatusQuery = value == RiskStatusFilter.Failed ? null : value.ToString().ToLowerInvariant(); KeepFiltersInUrl(); }
    }

    private Severity? SeverityFilter
    {
        get => Enum.TryParse<Severity>(SeverityQuery, true, out var s) ? s : null;
        set => SeverityQuery = value?.ToString();
    }

    protected override async Task OnInitializedAsync()
    {
        await LoadAccountsAsync();
        await LoadAsync();
    }

    private async Task LoadAccountsAsync() => _cspmAccounts = (await AccountStore.ListAsync()).Where(a => a.Has(CloudFeature.Cspm)).ToList();

    // A finished run changed the results and the account's last scan time.
    private async Task ScanFinishedAsync()
    {
        await LoadAccountsAsync();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _rows = await RiskService.SummaryAsync(new RiskFilter { AccountId = AccountId, Service = Service, Severity = SeverityFilter, Cis = Cis });
    }

    // Not called while prerendering (navigation is not possible then): only from the filters' change handlers.
    private async Task FilterChangedAsync()
    {
        await LoadAsync();
        KeepFiltersInUrl();
    }

    private Dictionary<string, string?> Filters() => new()
    {
        ["accountId"] = AccountId?.ToString(), ["service"] = Service, ["severity"] = SeverityFilter?.ToString(), ["cis"] = Cis,
    };

    private void KeepFiltersInUrl()
    {
        var q = Filters();
        q["status"] = StatusQuery;

        var url = QueryHelpers.AddQueryString("risks", q.Where(kv => !string.IsNullOrEmpty(kv.Value))!);
        if (Navigation.ToBaseRelativePath(Navigation.Uri) != url) Navigation.NavigateTo(url, new NavigationOptions { ReplaceHistoryEntry = true });
    }

    private string ExportUrl(string format)
    {
        // The exports hold failed results; under the whitelisted / all filters they include the whitelisted ones too.
        var q = Filters();
        if (StatusFilter is RiskStatusFilter.Whitelisted or RiskStatusFilter.All) q["includeWhitelisted"] = "true";
        return QueryHelpers.AddQueryString($"api/v1/risks/export.{format}", q.Where(kv => !string.IsNullOrEmpty(kv.Value))!);
    }

    private string DetailUrl(string checkId) =>
        AccountId is { } a ? $"risks/{Uri.EscapeDataString(checkId)}?accountId={a}" : $"risks/{Uri.EscapeDataString(checkId)}";
}
