using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Domain.Playbooks;
using Portal.Domain.Response;
using Portal.Web.Api;
using Portal.Web.Model;

namespace Portal.Web.Components.Controls;

public sealed partial class PlaybookPanel
{
    [Inject] private PlaybookService Playbooks { get; set; } = default!;
    [Inject] private IAlertStore Alerts { get; set; } = default!;
    [Inject] private ContainmentBoard Board { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;
    [Inject] private MudBlazor.ISnackbar Snackbar { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Parameter] public bool IsAnalyst { get; set; }
    [Parameter] public bool IsAdmin { get; set; }
    /// <summary>Raised after an approval or rejection (the page's counters change).</summary>
    [Parameter] public EventCallback OnDecided { get; set; }
    /// <summary>Raised when the number of runs awaiting approval changes (the page's counter follows).</summary>
    [Parameter] public EventCallback<int> OnAwaitingCount { get; set; }

    private IReadOnlyList<Playbook> _playbooks = [];
    private IReadOnlyList<PlaybookRun> _awaiting = [], _runs = [];
    private readonly Dictionary<Guid, Alert> _alerts = [];
    private readonly Dictionary<Guid, string> _reasons = [];
    private string? _source;
    private bool _busy;
    private LiveRefresh? _live;

    protected override async Task OnInitializedAsync()
    {
        _source = HttpContextAccessor.HttpContext?.Source();
        await LoadAsync();
        // Alerts arrive through the API at any time (no notification here): read runs every two seconds while the tab is open.
        _live = new LiveRefresh(Board, () => InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }), () => true, TimeSpan.FromSeconds(2));
    }

    private async Task LoadAsync()
    {
        _playbooks = await Playbooks.ListAsync();
        var count = _awaiting.Count;
        _awaiting = (await Playbooks.ListAwaitingApprovalAsync()).Items;
        if (_awaiting.Count != count) await OnAwaitingCount.InvokeAsync(_awaiting.Count);
        _runs = (await Playbooks.ListRunsAsync(new PlaybookRunQuery { PageSize = 20 })).Items;
        foreach (var id in _awaiting.Select(r => r.AlertId).OfType<Guid>().Where(id => !_alerts.ContainsKey(id)))
            if (await Alerts.GetAsync(id) is { } alert) _alerts[id] = alert;
    }

    private async Task DecideAsync(PlaybookRun run, bool approve)
    {
        _busy = true;
        try
        {
            var actor = (await AuthState).User.Actor();
            var reason = _reasons.GetValueOrDefault(run.Id);
            var outcome = approve ? await Playbooks.ApproveAsync(run.Id, reason, actor, _source) : await Playbooks.RejectAsync(run.Id, reason, actor, _source);
            if (outcome.Ok) Snackbar.Add($"{run.PlaybookName}: run {(approve ? "approved; its steps are running" : "rejected; nothing was changed")}.", approve ? MudBlazor.Severity.Success : MudBlazor.Severity.Info);
            else Snackbar.Add(Problem(outcome.Problem!), MudBlazor.Severity.Error);
            if (outcome.Ok) _reasons.Remove(run.Id);
            await LoadAsync();
            await OnDecided.InvokeAsync();
        }
        finally { _busy = false; }
    }

    private async Task SetEnabledAsync(Playbook p, bool enabled)
    {
        _busy = true;
        try
        {
            var outcome = await Playbooks.SetEnabledAsync(p.Id, enabled, (await AuthState).User.Actor(), _source);
            if (outcome.Ok) Snackbar.Add($"{p.Name} is {(enabled ? "enabled" : "disabled")}.", MudBlazor.Severity.Success);
            else Snackbar.Add(Problem(outcome.Problem!), MudBlazor.Severity.Error);
            await LoadAsync();
        }
        finally { _busy = false; }
    }

    private static string TriggerText(Playbook p)
    {
        var trigger = p.TriggerKind == PlaybookTriggerKind.Alert ? "an alert" : $"risk {p.TriggerCheckId}{(p.TriggerMinSeverity is { } s ? $" ≥ {s}" : "")}";
        var c = p.Conditions;
        var parts = new List<string>();
        if (c.MinSeverity is { } min) parts.Add($"severity ≥ {min}");
        if (c.SourceEquals is { } src) parts.Add($"source {src}");
        if (c.AttackerIpPresent) parts.Add("attacker IP given");
        if (c.VmPresent) parts.Add("VM given");
        if (c.VmTagEquals is { } tag) parts.Add($"VM tag {tag}");
        return parts.Count == 0 ? $"On {trigger}" : $"On {trigger} with {string.Join(", ", parts)}";
    }

    /// <summary>A refused decision in words: a missing reason is asked for as the form asks it.</summary>
    private static string Problem(Portal.Domain.Accounts.OnboardingProblem p)
    {
        var view = ContainmentProblemView.For(p);
        return $"{view.Title}: {view.Detail}";
    }

    private static MudBlazor.Color RunColor(PlaybookRunStatus s) => s switch
    {
        PlaybookRunStatus.Succeeded => MudBlazor.Color.Success,
        PlaybookRunStatus.Failed or PlaybookRunStatus.Rejected => MudBlazor.Color.Error,
        PlaybookRunStatus.Running => MudBlazor.Color.Primary,
        _ => MudBlazor.Color.Info,
    };

    private static string RunText(PlaybookRunStatus s) => s == PlaybookRunStatus.AwaitingApproval ? "awaiting approval" : s.ToString().ToLowerInvariant();

    private static MudBlazor.Color SeverityColor(string severity) => severity.ToLowerInvariant() switch
    {
        "critical" => MudBlazor.Color.Error,
        "high" => MudBlazor.Color.Warning,
        "medium" => MudBlazor.Color.Info,
        _ => MudBlazor.Color.Default,
    };

    public void Dispose() => _live?.Dispose();
}
