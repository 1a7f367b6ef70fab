using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Domain.Risks;
using Portal.Web.Api;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

/// <summary>Lists, searches, edits and removes whitelist entries. Expired and removed entries stay for the record under their own filter.</summary>
public sealed partial class Whitelists
{
    /// <summary>Entries are few (accepted risks, not results): the newest this many matching the search are read and filtered by state here.</summary>
    private const int MaxEntries = 1000;

    [Inject] private WhitelistService Service { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "search")] public string? Search { get; set; }

    private WhitelistStateFilter State { get; set; } = WhitelistStateFilter.Active;
    private IReadOnlyList<WhitelistRow> _rows = [];
    private bool _truncated;
    private WhitelistForm? _form;
    private Guid? _confirmRemove;
    private string? _message, _source;

    protected override async Task OnInitializedAsync()
    {
        _source = HttpContextAccessor.HttpContext?.Source();
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var page = await Service.ListAsync(new WhitelistQuery { Search = Search, IncludeRemoved = true, PageSize = MaxEntries });
        var now = Clock.GetUtcNow().UtcDateTime;
        _rows = page.Items.Select(e => WhitelistRow.From(e, now)).ToList();
        _truncated = page.Total > page.Items.Count;
    }

    private void Edit(WhitelistRow row)
    {
        _form = WhitelistForm.ForEntry(row.Entry);
        _message = null;
    }

    private async Task SaveAsync(WhitelistForm form)
    {
        form.Error = null;
        var outcome = await Service.UpdateAsync(form.EntryId!.Value, form.ToRequest(), (await AuthState).User.Actor(), _source);
        if (!outcome.Ok)
        {
            form.Error = outcome.Problem!.Detail;
            return;
        }
        _form = null;
        _message = $"Saved the entry for {outcome.Value!.CheckId}.";
        await LoadAsync();
    }

    private async Task RemoveAsync(WhitelistRow row)
    {
        _confirmRemove = null;
        var removed = await Service.RemoveAsync(row.Entry.Id, (await AuthState).User.Actor(), _source);
        _message = removed
            ? $"Removed the entry for {row.Entry.CheckId} ({row.Entry.ScopeValue}); its results count as failed again."
            : "That entry was already removed.";
        await LoadAsync();
    }
}
