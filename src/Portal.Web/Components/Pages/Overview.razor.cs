using Microsoft.AspNetCore.Components;
using Portal.Domain.Accounts;
using Portal.Domain.Auditing;
using Portal.Domain.Inventory;
using Portal.Domain.Risks;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

public sealed partial class Overview
{
    [Inject] private IAuditLog Audit { get; set; } = default!;
    [Inject] private IAccountStore Accounts { get; set; } = default!;
    [Inject] private IHostStore Hosts { get; set; } = default!;
    [Inject] private RiskService Risks { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;

    private OverviewView? _view;

    protected override async Task OnInitializedAsync()
    {
        var view = new OverviewView(Audit, Accounts, Hosts, Risks, Clock);
        await view.LoadAsync();
        _view = view;
    }
}
