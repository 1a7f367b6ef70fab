using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
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
    /// <summary>The host dialog draws the confirm button in its action bar and calls <see cref="ConfirmAsync"/>.</summary>
    [Parameter] public bool ExternalButtons { get; set; }
    [Parameter] public EventCallback Changed { get; set; }

    private string _reason = "";
    private bool _reasonMissing;
    private ContainmentProblemView? _problem;
    private bool _busy, _submitted, _finishedRaised;
    private string? _source;
    private LiveRefresh? _live;
    // The action as last read: the parent's copy goes stale while the undo runs.
    private ContainmentAction _current = default!;

    public bool Busy => _busy;
    public bool Submitted => _submitted;
    public bool Live => _submitted && ContainmentView.IsLive(_current);
    public ContainmentAction Current => _current;

    protected override void OnParametersSet()
    {
        if (!_submitted) _current = Action;
    }

    protected override void OnInitialized()
    {
        _source = HttpContextAccessor.HttpContext?.Source();
        _live = new LiveRefresh(Board, () => InvokeAsync(RefreshAsync), () => _submitted && ContainmentView.IsLive(_current));
    }

    private void ReasonChanged(string? value)
    {
        _reason = value ?? "";
        if (_reason.Trim().Length > 0) _reasonMissing = false;
    }

    public async Task ConfirmAsync()
    {
        if (_busy || _submitted) return;
        _problem = null;
        if (string.IsNullOrWhiteSpace(_reason))
        {
            _reasonMissing = true;
            await NotifyAsync();
            return;
        }
        _busy = true;
        await NotifyAsync();
        try
        {
            var outcome = await Service.UndoAsync(_current.Id, (await AuthState).User.Actor(), _source, _reason);
            if (!outcome.Ok) { _problem = ContainmentProblemView.For(outcome.Problem!); return; }
            _current = outcome.Value!;
            _submitted = true;
            await RaiseFinishedAsync();
        }
        finally
        {
            _busy = false;
            await NotifyAsync();
        }
    }

    private async Task RefreshAsync()
    {
        _current = await Service.GetAsync(_current.Id) ?? _current;
        await RaiseFinishedAsync();
        StateHasChanged();
        await NotifyAsync();
    }

    private async Task RaiseFinishedAsync()
    {
        if (_finishedRaised || ContainmentView.IsLive(_current)) return;
        _finishedRaised = true;
        await OnFinished.InvokeAsync(_current);
    }

    private Task NotifyAsync() => Changed.HasDelegate ? Changed.InvokeAsync() : Task.CompletedTask;

    public void Dispose() => _live?.Dispose();
}
