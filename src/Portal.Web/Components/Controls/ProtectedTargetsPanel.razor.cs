using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Domain.Response;
using Portal.Web.Api;

namespace Portal.Web.Components.Controls;

public sealed partial class ProtectedTargetsPanel
{
    /// <summary>One editable row (the list is replaced as a whole on save; nothing is stored when any row is wrong).</summary>
    private sealed class Row
    {
        public ProtectedTargetKind Kind { get; set; } = ProtectedTargetKind.Cidr;
        public string? Value { get; set; }
        public string? Note { get; set; }
    }

    [Inject] private ContainmentService Service { get; set; } = default!;
    [Inject] private ContainmentOptions Options { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContextAccessor { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    [Parameter] public bool IsAdmin { get; set; }

    private IReadOnlyList<ProtectedTarget> _builtIn = [];
    private List<Row> _rows = [];
    private string? _message, _source;
    private bool _error, _busy;

    protected override async Task OnInitializedAsync()
    {
        _source = HttpContextAccessor.HttpContext?.Source();
        _builtIn = Options.BuiltIn();
        await LoadAsync();
    }

    private async Task LoadAsync() =>
        _rows = (await Service.ListStoredProtectedAsync()).Select(t => new Row { Kind = t.Kind, Value = t.Value, Note = t.Note }).ToList();

    private void Add() => _rows.Add(new Row());

    private async Task SaveAsync()
    {
        _busy = true;
        try
        {
            var outcome = await Service.ReplaceProtectedAsync(_rows.Select(r => (r.Kind, r.Value, r.Note)).ToList(), (await AuthState).User.Actor(), _source);
            _error = !outcome.Ok;
            _message = outcome.Ok ? $"Saved: {outcome.Value!.Count} stored protected target{(outcome.Value.Count == 1 ? "" : "s")}." : $"Nothing was saved. {outcome.Problem!.Detail}";
            if (outcome.Ok) await LoadAsync();
        }
        finally { _busy = false; }
    }

    private static string Placeholder(ProtectedTargetKind kind) => kind switch
    {
        ProtectedTargetKind.Vm => "/subscriptions/…/resourceGroups/…/providers/Microsoft.Compute/virtualMachines/…",
        ProtectedTargetKind.Tag => "role=domain-controller",
        _ => "10.10.4.10 or 10.10.4.0/24",
    };
}
