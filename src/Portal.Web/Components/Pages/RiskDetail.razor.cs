using BootstrapBlazor.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Cspm;
using Portal.Domain.Accounts;
using Portal.Domain.Cloud;
using Portal.Domain.Risks;
using Portal.Web.Api;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

/// <summary>One check: what it checks, why, how to fix it, and every resource it reported on with the evidence. A failed resource
/// is whitelisted in place with a reason; the counts are re-read afterwards.</summary>
public sealed partial class RiskDetail
{
    /// <summary>A page shows at most this many resources per status; an account filter narrows the rest.</summary>
    private const int MaxRows = 500;

    [Inject] private RiskService RiskService { get; set; } = default!;
    [Inject] private WhitelistService Whitelists { get; set; } = default!;
    [Inject] private IResourceStore Resources { get; set; } = default!;
    [Inject] private IAccountStore AccountStore { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ClipboardService Clipboard { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Parameter] public string CheckId { get; set; } = "";
    [SupplyParameterFromQuery(Name = "accountId")] public Guid? AccountId { get; set; }

    private CheckMetadata? _check;
    private IReadOnlyDictionary<Guid, string> _accounts = new Dictionary<Guid, string>();
    private IReadOnlyList<CheckResourceResult> _results = [];
    private WhitelistForm? _form;
    private (Guid, string)? _formFor;
    private string? _message, _source;
    private bool _copied;

    private RiskStatusFilter Tab { get; set; } = RiskStatusFilter.Failed;

    private string BackUrl => AccountId is { } a ? $"risks?accountId={a}" : "risks";

    protected override async Task OnParametersSetAsync()
    {
        _source ??= HttpContextAccessor.HttpContext?.Source();
        _check = CheckCatalog.Find(CheckId)?.Metadata;
        _accounts = (await AccountStore.ListAsync()).Where(a => a.Has(CloudFeature.Cspm)).ToDictionary(a => a.Id, a => a.Name);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        if (_check is null) return;
        _results = await RiskService.ResourcesAsync(_check.Id, AccountId);
    }

    private int Count(RiskStatusFilter f) => f == RiskStatusFilter.All ? _results.Count : _results.Count(r => Matches(r, f));

    private static bool Matches(CheckResourceResult r, RiskStatusFilter f) => f switch
    {
        RiskStatusFilter.Failed => r.Status == RiskStatus.Failed,
        RiskStatusFilter.Whitelisted => r.Status == RiskStatus.Whitelisted,
        RiskStatusFilter.Passed => r.Status == RiskStatus.Passed,
        _ => true,
    };

    private IEnumerable<CheckResourceResult> Shown => _results.Where(r => Matches(r, Tab));

    private async Task OpenWhitelistAsync(CheckResourceResult row)
    {
        var resource = await Resources.GetByResourceIdAsync(row.AccountId, row.ResourceId);
        _form = WhitelistForm.ForResource(_check!.Id, row.ResourceId, row.Name, resource?.Tags);
        _formFor = (row.AccountId, row.ResourceId);
        _message = null;
    }

    private async Task AddWhitelistAsync(WhitelistForm form)
    {
        form.Error = null;
        var before = (Failed: Count(RiskStatusFilter.Failed), Whitelisted: Count(RiskStatusFilter.Whitelisted));
        var outcome = await Whitelists.AddAsync(form.ToRequest(), (await AuthState).User.Actor(), _source);
        if (!outcome.Ok)
        {
            form.Error = outcome.Problem!.Detail;
            return;
        }
        _form = null;
        await LoadAsync();
        var entry = outcome.Value!;
        _message = $"Whitelisted ({WhitelistForm.ScopeLabel(entry.ScopeType).ToLowerInvariant()} {entry.ScopeValue}). " +
                   $"Failed {before.Failed} → {Count(RiskStatusFilter.Failed)}, whitelisted {before.Whitelisted} → {Count(RiskStatusFilter.Whitelisted)}.";
    }

    private async Task OpenResourceAsync(CheckResourceResult row)
    {
        if (await Resources.GetByResourceIdAsync(row.AccountId, row.ResourceId) is { } r) Navigation.NavigateTo($"resources/{r.Id}");
        else _message = $"{row.ResourceId} is not among the stored resources (a subscription-level result).";
    }

    private async Task CopyCliAsync()
    {
        await Clipboard.Copy(_check!.RemediationCli);
        _copied = true;
    }
}
