using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Risks;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

/// <summary>One synced resource: where it lives, its stored configuration, what the latest scan said about it and its history.</summary>
public sealed partial class CloudResourceDetail
{
    [Inject] private IResourceStore Store { get; set; } = default!;
    [Inject] private IWhitelistStore WhitelistStore { get; set; } = default!;
    [Inject] private IAccountStore AccountStore { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Parameter] public Guid Id { get; set; }

    /// <summary>One check's latest result on this resource, whitelisting applied as of now.</summary>
    private sealed record ResourceCheck(string CheckId, CheckMetadata? Check, RiskStatus Status, string Evidence);

    private CloudResource? _resource;
    private string _accountName = "", _subscriptionName = "", _json = "";
    private List<BreadcrumbItem> _crumbs = [];
    private IReadOnlyList<ResourceCheck> _checks = [];
    private IReadOnlyList<ResourceChange> _history = [];

    protected override async Task OnParametersSetAsync()
    {
        _resource = await Store.GetAsync(Id);
        if (_resource is null) return;
        var account = await AccountStore.GetAsync(_resource.AccountId);
        _accountName = account?.Name ?? "?";
        _subscriptionName = account?.Subscriptions.FirstOrDefault(s => string.Equals(s.SubscriptionId, _resource.SubscriptionId, StringComparison.OrdinalIgnoreCase))?.DisplayName
                            ?? _resource.SubscriptionId;
        _crumbs = [new("Cloud resources", "resources"), new(_accountName, $"resources?accountId={_resource.AccountId}"), new(_resource.Name, null, disabled: true)];
        _json = CloudResourceRow.PrettyJson(_resource.Json);
        _history = await Store.HistoryAsync(_resource.AccountId, _resource.ResourceId);

        var results = await Store.ResultsOfAsync(_resource.AccountId, _resource.ResourceId);
        var now = Clock.GetUtcNow().UtcDateTime;
        var entries = await WhitelistStore.ListActiveAsync(now, results.Select(r => r.CheckId).Distinct().ToList());
        _checks = results
            .Select(r => new ResourceCheck(r.CheckId, CheckCatalog.Find(r.CheckId)?.Metadata, RiskSummaries.StatusOf(r, entries, _resource.Tags, now).Status, r.Evidence))
            .OrderBy(c => c.Status).ThenByDescending(c => c.Check?.Severity).ThenBy(c => c.CheckId, StringComparer.Ordinal)
            .ToList();
    }

    private async Task CopyJsonAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("portal.copyText", _json);
            Snackbar.Add("Settings copied.", MudBlazor.Severity.Success);
        }
        catch (JSException)
        {
            Snackbar.Add("The browser refused the clipboard; select the text and copy it.", MudBlazor.Severity.Warning);
        }
    }
}
