using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Domain.Response;
using Portal.Web.Api;
using Portal.Web.Model;

namespace Portal.Web.Components.Controls;

public sealed partial class ContainmentFlow
{
    public enum FlowStage { Edit, Previewed, Running, Final }

    [Inject] private ContainmentService Service { get; set; } = default!;
    [Inject] private ContainmentBoard Board { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    /// <summary>The action asked for, without its reason (the flow asks for it); null while the parent's form is incomplete.</summary>
    [Parameter] public ContainmentRequest? Request { get; set; }
    /// <summary>What the parent's form still lacks (shown instead of calling the service).</summary>
    [Parameter] public string? RequestError { get; set; }
    [Parameter] public bool Disabled { get; set; }
    [Parameter] public string ConfirmText { get; set; } = "run";
    [Parameter] public string NewText { get; set; } = "New action";
    /// <summary>The host dialog draws Preview/Confirm in its action bar and calls <see cref="PrimaryAsync"/>.</summary>
    [Parameter] public bool ExternalButtons { get; set; }
    /// <summary>Raised once the action is final (lists can be re-read).</summary>
    [Parameter] public EventCallback<ContainmentAction> OnFinished { get; set; }
    /// <summary>Raised when the action is queued.</summary>
    [Parameter] public EventCallback<ContainmentAction> OnSubmitted { get; set; }
    /// <summary>Raised whenever the stage or busy state changes (a dialog re-draws its buttons).</summary>
    [Parameter] public EventCallback Changed { get; set; }

    private string _reason = "";
    private bool _reasonMissing;
    private ContainmentPreview? _preview;
    private ContainmentRequest? _previewed;
    private ContainmentProblemView? _problem;
    private ContainmentAction? _action;
    private bool _busy, _existing, _useQuarantine, _finishedRaised, _quarantineRefused;
    private string? _idempotencyKey, _source;
    private LiveRefresh? _live;

    public FlowStage Stage => _action is not null ? (ContainmentView.IsLive(_action) ? FlowStage.Running : FlowStage.Final)
        : _preview is not null ? FlowStage.Previewed : FlowStage.Edit;
    public bool Busy => _busy;
    public bool CanConfirm => !Disabled && !_busy && _preview is not null && _preview.Plan.Problems.Count == 0;
    public ContainmentAction? Action => _action;
    public ContainmentPreview? Preview => _preview;
    public ContainmentProblemView? Problem => _problem;

    /// <summary>The isolation has no free priority before an allow rule (preview or a refused submit): offer the quarantine NSG.</summary>
    private bool QuarantineOffered => !_useQuarantine && (_quarantineRefused || _preview?.Plan.NeedsQuarantine == true);

    private void ReasonChanged(string? value)
    {
        _reason = value ?? "";
        if (_reason.Trim().Length > 0) _reasonMissing = false;
        ClearPreview();
    }

    protected override void OnInitialized()
    {
        _source = HttpContextAccessor.HttpContext?.Source();
        _live = new LiveRefresh(Board, () => InvokeAsync(RefreshAsync), () => _action is not null && ContainmentView.IsLive(_action));
    }

    protected override void OnParametersSet()
    {
        // The parent's fields changed after a preview: the preview no longer describes what Confirm would do.
        if (_preview is not null && _action is null && Full(Request) != _previewed) ClearPreview();
    }

    private ContainmentRequest? Full(ContainmentRequest? r) => r is null ? null : r with { Reason = _reason, UseQuarantineNsg = _useQuarantine };

    /// <summary>The dialog's one action button: Preview, then Confirm.</summary>
    public Task PrimaryAsync() => Stage == FlowStage.Edit ? PreviewAsync() : ConfirmAsync();

    public async Task PreviewAsync()
    {
        _problem = null;
        _quarantineRefused = false;
        if (Request is null || RequestError is not null)
        {
            _problem = new ContainmentProblemView("validation", "Check the form", RequestError ?? "Fill in the form first.", null);
            await NotifyAsync();
            return;
        }
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
            var request = Full(Request)!;
            var outcome = await Service.PreviewAsync(request);
            if (outcome.Ok)
            {
                _preview = outcome.Value;
                _previewed = request;
                _idempotencyKey = "ui-" + Guid.NewGuid().ToString("N");
            }
            else _problem = ContainmentProblemView.For(outcome.Problem!);
        }
        finally
        {
            _busy = false;
            await NotifyAsync();
        }
    }

    private async Task UseQuarantineAsync()
    {
        _useQuarantine = true;
        _preview = null;
        await PreviewAsync();
    }

    public async Task ConfirmAsync()
    {
        if (_previewed is null || _busy || !CanConfirm) return;
        _busy = true;
        _problem = null;
        await NotifyAsync();
        try
        {
            var submittedAt = DateTime.UtcNow.AddSeconds(-1);
            var outcome = await Service.SubmitAsync(_previewed with { IdempotencyKey = _idempotencyKey }, (await AuthState).User.Actor(), _source);
            if (!outcome.Ok)
            {
                _problem = ContainmentProblemView.For(outcome.Problem!);
                _quarantineRefused = _problem.OffersQuarantine;
                _preview = null;
                return;
            }
            _action = outcome.Value;
            _existing = _action!.RequestedAt < submittedAt;
            _finishedRaised = false;
            await OnSubmitted.InvokeAsync(_action);
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
        if (_action is null) return;
        _action = await Service.GetAsync(_action.Id) ?? _action;
        await RaiseFinishedAsync();
        StateHasChanged();
        await NotifyAsync();
    }

    private async Task RaiseFinishedAsync()
    {
        if (_action is null || _finishedRaised || ContainmentView.IsLive(_action)) return;
        _finishedRaised = true;
        await OnFinished.InvokeAsync(_action);
    }

    private Task NotifyAsync() => Changed.HasDelegate ? Changed.InvokeAsync() : Task.CompletedTask;

    private void ClearPreview()
    {
        _preview = null;
        _previewed = null;
    }

    private void Reset()
    {
        ClearPreview();
        _action = null;
        _problem = null;
        _existing = false;
        _reason = "";
        _reasonMissing = false;
        _useQuarantine = false;
        _quarantineRefused = false;
    }

    public void Dispose() => _live?.Dispose();
}
