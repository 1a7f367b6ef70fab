using BootstrapBlazor.Components;
using Microsoft.AspNetCore.Components;
using Portal.Domain.Auditing;
using Portal.Web.Model;

namespace Portal.Web.Components.Pages;

public sealed partial class AuditLog
{
    [Inject] private IAuditLog Audit { get; set; } = default!;

    private static readonly int[] PageSizes = [25, 50, 100];
    private Table<AuditRow>? _table;

    private string? Search { get; set; }
    private string? ActionPrefix { get; set; }
    private AuditOutcome? Outcome { get; set; }
    private DateTime? From { get; set; }
    private DateTime? To { get; set; }

    private async Task<QueryData<AuditRow>> QueryAsync(QueryPageOptions options)
    {
        var result = await Audit.QueryAsync(new AuditQuery
        {
            Search = Search,
            Action = ActionPrefix,
            Outcome = Outcome,
            From = From is { } f ? DateTime.SpecifyKind(f.Date, DateTimeKind.Utc) : null,
            To = To is { } t ? DateTime.SpecifyKind(t.Date.AddDays(1).AddTicks(-1), DateTimeKind.Utc) : null,
            Page = Math.Max(1, options.PageIndex),
            PageSize = options.PageItems,
        });
        return new QueryData<AuditRow> { Items = result.Items.Select(AuditRow.From).ToList(), TotalCount = result.Total };
    }

    private Task ReloadAsync() => _table?.QueryAsync(1) ?? Task.CompletedTask;

    private static string OutcomeBadge(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Succeeded => "text-bg-success",
        AuditOutcome.Failed => "text-bg-danger",
        _ => "text-bg-warning",
    };
}
