using Microsoft.AspNetCore.Components;
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

    [Parameter] public Guid Id { get; set; }

    /// <summary>One check's latest result on this resource, whitelisting applied as of now.</summary>
    private sealed record ResourceCheck(string CheckId, CheckMetadata? Check, RiskStatus Status, string Evidence);

    private CloudResource? _resource;
    private string _accountName = "", _json = "";
    private IReadOnlyList<ResourceCheck> _checks = [];
    private IReadOnlyList<ResourceChange> _history = [];

    protected override async Task OnParametersSetAsync()
    {
        _resource = await Store.GetAsync(Id);
        if (_resource is null) return;
        _accountName = (await AccountStore.GetAsync(_resource.AccountId))?.Name ?? "?";
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
}
