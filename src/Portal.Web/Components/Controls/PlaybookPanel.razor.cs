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
    private string? _message, _source;
    private bool _messageIsError, _busy;
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
            _messageIsError = !outcome.Ok;
            _message = outcome.Ok ? $"{run.PlaybookName}: run {(approve ? "approved; its steps are running" : "rejected; nothing was changed")}." : $"{outcome.Problem!.Title}: {outcome.Problem.Detail}";
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
            _messageIsError = !outcome.Ok;
            _message = outcome.Ok ? $"{p.Name} is {(enabled ? "enabled" : "disabled")}." : $"{outcome.Problem!.Title}: {outcome.Problem.Detail}";
            await LoadAsync();
        }
        finally { _busy = false; }
    }

    /// <summary>The step in words, with a VM named by its name rather than its whole resource id.</summary>
    private static string StepText(PlaybookRunStep s) =>
        s.Target is { } t && ResourceIds.IsVm(t) ? s.Describe().Replace(t, ResourceIds.NameOf(t), StringComparison.Ordinal) : s.Describe();

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

    private static string RunBadge(PlaybookRunStatus s) => s switch
    {
        PlaybookRunStatus.Succeeded => "text-bg-success",
        PlaybookRunStatus.Failed or PlaybookRunStatus.Rejected => "text-bg-danger",
        PlaybookRunStatus.Running => "text-bg-primary",
        _ => "text-bg-info",
    };

    private static string RunText(PlaybookRunStatus s) => s == PlaybookRunStatus.AwaitingApproval ? "awaiting approval" : s.ToString().ToLowerInvariant();

    private static string SeverityBadge(string severity) => severity.ToLowerInvariant() switch
    {
        "critical" => "text-bg-danger",
        "high" => "text-bg-warning",
        "medium" => "text-bg-info",
        _ => "text-bg-secondary",
    };

    public void Dispose() => _live?.Dispose();
}
