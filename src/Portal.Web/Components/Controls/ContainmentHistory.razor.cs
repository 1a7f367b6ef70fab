using Microsoft.AspNetCore.Components;
using Portal.Domain.Response;
using Portal.Web.Model;

namespace Portal.Web.Components.Controls;

public sealed partial class ContainmentHistory
{
    /// <summary>How many of the newest actions the filters work on.</summary>
    private const int Window = 300;

    [Inject] private ContainmentService Service { get; set; } = default!;
    [Inject] private ContainmentBoard Board { get; set; } = default!;

    [Parameter] public bool CanUndo { get; set; }
    [Parameter] public EventCallback<ContainmentAction> OnUndo { get; set; }

    private IReadOnlyList<ContainmentAction> _items = [];
    private int _total;
    private readonly HashSet<Guid> _open = [];
    private LiveRefresh? _live;

    private string KindFilter { get; set; } = "";
    private string StatusFilter { get; set; } = "";
    private string Search { get; set; } = "";

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        _live = new LiveRefresh(Board, () => InvokeAsync(async () => { await LoadAsync(); StateHasChanged(); }), () => _items.Any(ContainmentView.IsLive));
    }

    private async Task LoadAsync()
    {
        var kind = Enum.TryParse<ContainmentKind>(KindFilter, out var k) ? k : (ContainmentKind?)null;
        var page = await Service.ListAsync(new ContainmentQuery { Kind = kind, PageSize = Window });
        _items = page.Items;
        _total = page.Total;
    }

    /// <summary>Status and text filters over the loaded window (the store filters by kind).</summary>
    private IReadOnlyList<ContainmentAction> Shown => _items
        .Where(a => StatusFilter.Length == 0 || a.Status.ToString() == StatusFilter)
        .Where(a => string.IsNullOrWhiteSpace(Search) || Matches(a, Search.Trim()))
        .ToList();

    private static bool Matches(ContainmentAction a, string text) =>
        new[] { a.Target, a.Scope, a.RequestedBy, a.Reason, a.UndoRequestedBy, ContainmentView.Describe(a) }
            .Any(s => s?.Contains(text, StringComparison.OrdinalIgnoreCase) == true);

    private void Toggle(Guid id)
    {
        if (!_open.Remove(id)) _open.Add(id);
    }

    public void Dispose() => _live?.Dispose();
}
