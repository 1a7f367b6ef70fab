using Microsoft.AspNetCore.Components;
using Portal.Domain.Accounts;
using Portal.Domain.Inventory;
using Host = Portal.Domain.Inventory.Host;

namespace Portal.Web.Components.Pages;

public sealed partial class HostDetail
{
    [Parameter] public Guid Id { get; set; }
    [Inject] private IHostStore Store { get; set; } = default!;
    [Inject] private IAccountStore Accounts { get; set; } = default!;
    [Inject] private HostNetworkService Network { get; set; } = default!;

    private Host? _host;
    private CloudAccount? _account;
    private IReadOnlyList<HostNsg>? _path;
    private OnboardingProblem? _pathProblem;

    protected override async Task OnParametersSetAsync()
    {
        _host = await Store.GetAsync(Id);
        if (_host is null) return;
        _account = await Accounts.GetAsync(_host.AccountId);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || _host is null) return;
        await ReadPathAsync();
        StateHasChanged();
    }

    /// <summary>Reads the NSGs live from Azure (again after a containment changed them).</summary>
    private async Task ReadPathAsync()
    {
        if (_host is null) return;
        var path = await Network.NetworkPathAsync(_host);
        if (path.Ok) { _path = path.Value; _pathProblem = null; } else _pathProblem = path.Problem;
    }
}
