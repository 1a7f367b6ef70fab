using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Domain.Accounts;
using Portal.Domain.Inventory;
using Portal.Domain.Response;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

public sealed partial class HostDetail
{
    [Parameter] public Guid Id { get; set; }
    [Inject] private IHostStore Store { get; set; } = default!;
    [Inject] private IAccountStore Accounts { get; set; } = default!;
    [Inject] private HostNetworkService Network { get; set; } = default!;

    private HostDetailView View { get; set; } = default!;
    private Guid _loaded;

    protected override void OnInitialized() => View = new HostDetailView(Store, Accounts, Network);

    protected override async Task OnParametersSetAsync()
    {
        if (_loaded == Id) return;
        _loaded = Id;
        await View.LoadAsync(Id);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The live read waits for the first paint: the page shows the inventory at once and fills in Azure's answer.
        if (!firstRender || View.Host is null) return;
        await View.RefreshLiveAsync();
        StateHasChanged();
    }

    private List<BreadcrumbItem> Breadcrumbs =>
    [
        new("Hosts", href: "hosts"),
        new(View.Host?.Name ?? "Host not found", href: null, disabled: true),
    ];

    private Task RefreshAsync() => View.RefreshLiveAsync();

    private Task ContainmentFinishedAsync(ContainmentAction action) => View.ContainmentFinishedAsync(action);
}
