using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Domain.Accounts;
using Portal.Domain.Response;
using Portal.Web.Api;
using Portal.Web.Model;

namespace Portal.Web.Components.Controls;

public sealed partial class UndoFlow
{
    [Inject] private ContainmentService Service { get; set; } = default!;
    [Inject] private ContainmentBoard Board { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Parameter, EditorRequired] public ContainmentAction Action { get; set; } = default!;
    [Parameter] public EventCallback OnCancel { get; set; }
    /// <summary>Raised once the undo is final.</summary>
    [Parameter] public EventCallback<ContainmentAction> OnFinished { get; set; }

    private readonly string _uid = Guid.NewGuid().ToString("N")[..6];
    private string _reason = "";
    private OnboardingProblem? _problem;
    private bool _busy, _submitted, _finishedRaised;
    private string? _source;
    private LiveRefresh? _live;
    // The action as last read: the parent's copy goes stale while the undo runs.
    private ContainmentAction _current = default!;

    protected override void OnParametersSet()
    {
        if (!_submitted) _current = Action;
    }

    protected override void OnInitialized()
    {
        _source = HttpContextAccessor.HttpContext?.Source();
        _live = new LiveRefresh(Board, () => InvokeAsync(RefreshAsync), () => _submitted && ContainmentView.IsLive(_current));
    }

    private async Task ConfirmAsync()
    {
        _problem = null;
        if (string.IsNullOrWhiteSpace(_reason))
        {
            _problem = OnboardingProblem.Invalid("A reason is required: say why the containment can be lifted.");
            return;
        }
        _busy = true;
        try
        {
            var outcome = await Service.UndoAsync(_current.Id, (await AuthState).User.Actor(), _source, _reason);
            if (!outcome.Ok) { _problem = outcome.Problem; return; }
            _current = outcome.Value!;
            _submitted = true;
            await RaiseFinishedAsync();
        }
        finally { _busy = false; }
    }

    private async Task RefreshAsync()
    {
        _current = await Service.GetAsync(_current.Id) ?? _current;
        await RaiseFinishedAsync();
        StateHasChanged();
    }

    private async Task RaiseFinishedAsync()
    {
        if (_finishedRaised || ContainmentView.IsLive(_current)) return;
        _finishedRaised = true;
        await OnFinished.InvokeAsync(_current);
    }

    public void Dispose() => _live?.Dispose();
}
