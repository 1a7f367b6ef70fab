using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Domain.Accounts;
using Portal.Domain.Response;
using Portal.Web.Api;
using Portal.Web.Model;

namespace Portal.Web.Components.Controls;

public sealed partial class ContainmentFlow
{
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
    /// <summary>Raised once the action is final (lists can be re-read).</summary>
    [Parameter] public EventCallback<ContainmentAction> OnFinished { get; set; }
    /// <summary>Raised when the action is queued.</summary>
    [Parameter] public EventCallback<ContainmentAction> OnSubmitted { get; set; }

    private readonly string _uid = Guid.NewGuid().ToString("N")[..6];
    private string _reason = "";
    private ContainmentPreview? _preview;
    private ContainmentRequest? _previewed;
    private OnboardingProblem? _problem;
    private ContainmentAction? _action;
    private bool _busy, _existing, _useQuarantine, _finishedRaised;
    private string? _idempotencyKey, _source;
    private LiveRefresh? _live;

    private string Reason
    {
        get => _reason;
        set { _reason = value; ClearPreview(); }
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

    private async Task PreviewAsync()
    {
        _problem = null;
        if (Request is null || RequestError is not null)
        {
            _problem = OnboardingProblem.Invalid(RequestError ?? "Fill in the form first.");
            return;
        }
        if (string.IsNullOrWhiteSpace(_reason))
        {
            _problem = OnboardingProblem.Invalid("A reason is required: say why this containment is needed.");
            return;
        }
        _busy = true;
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
            else _problem = outcome.Problem;
        }
        finally { _busy = false; }
    }

    private async Task QuarantineChangedAsync(ChangeEventArgs e)
    {
        _useQuarantine = e.Value is true;
        _preview = null;
        await PreviewAsync();
    }

    private async Task ConfirmAsync()
    {
        if (_previewed is null || _busy) return;
        _busy = true;
        _problem = null;
        try
        {
            var submittedAt = DateTime.UtcNow.AddSeconds(-1);
            var outcome = await Service.SubmitAsync(_previewed with { IdempotencyKey = _idempotencyKey }, (await AuthState).User.Actor(), _source);
            if (!outcome.Ok)
            {
                _problem = outcome.Problem;
                _preview = null;
                return;
            }
            _action = outcome.Value;
            _existing = _action!.RequestedAt < submittedAt;
            _finishedRaised = false;
            await OnSubmitted.InvokeAsync(_action);
            await RaiseFinishedAsync();
        }
        finally { _busy = false; }
    }

    private async Task RefreshAsync()
    {
        if (_action is null) return;
        _action = await Service.GetAsync(_action.Id) ?? _action;
        await RaiseFinishedAsync();
        StateHasChanged();
    }

    private async Task RaiseFinishedAsync()
    {
        if (_action is null || _finishedRaised || ContainmentView.IsLive(_action)) return;
        _finishedRaised = true;
        await OnFinished.InvokeAsync(_action);
    }

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
        _useQuarantine = false;
    }

    public void Dispose() => _live?.Dispose();
}
