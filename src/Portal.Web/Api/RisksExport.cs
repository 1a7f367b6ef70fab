using CsvHelper;
using Portal.Domain.Accounts;
using Portal.Domain.Risks;

namespace Portal.Web.Api;

/// <summary>Failed checks as CSV and JSON: one row per failed resource, with the fix. The risk pages link to exactly these URLs.</summary>
public static class RisksExport
{
    private const int RowsPerWrite = 1000;

    public static RouteGroupBuilder MapRisksExports(this RouteGroupBuilder risks)
    {
        risks.MapGet("/export.csv", async (RiskService riskService, IAccountStore accounts, TimeProvider clock, string? accountId, string? severity,
            string? service, string? cis, bool? includeWhitelisted, HttpContext http, CancellationToken ct) =>
        {
            var (rows, problem) = await RowsAsync(riskService, accounts, accountId, severity, service, cis, includeWhitelisted, ct);
            if (problem is not null) return problem;
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename={FileName(clock)}.csv";
            // Evidence and names come from Azure: a value starting with = + - @ would run as a formula when the file is opened in a
            // spreadsheet, so such fields get a leading ' (CsvHelper's injection escape).
            var options = new CsvWriterOptions { Injection = CsvInjection.Escape };
            foreach (var chunk in rows!.Select(r => r.CsvFields()).Prepend(RiskExportRow.CsvHeader).Chunk(RowsPerWrite))
            {
                var text = new StringWriter();
                using (var csv = CsvWriter.Create(text, options, leaveOpen: true))
                {
                    foreach (var row in chunk)
                    {
                        foreach (var field in row) csv.WriteField(field ?? "");
                        csv.EndRecord();
                    }
                    csv.Flush();
                }
                await http.Response.WriteAsync(text.ToString(), ct);
            }
            return Results.Empty;
        }).WithSummary("Failed checks as CSV: one row per failed resource (whitelisted ones too with includeWhitelisted=true), same filters as GET /risks.");

        risks.MapGet("/export.json", async (RiskService riskService, IAccountStore accounts, TimeProvider clock, string? accountId, string? severity,
            string? service, string? cis, bool? includeWhitelisted, HttpContext http, CancellationToken ct) =>
        {
            var (rows, problem) = await RowsAsync(riskService, accounts, accountId, severity, service, cis, includeWhitelisted, ct);
            if (problem is not null) return problem;
            http.Response.Headers.ContentDisposition = $"attachment; filename={FileName(clock)}.json";
            return Results.Ok(rows);
        }).WithSummary("Failed checks as JSON: the same rows as the CSV export.");
        return risks;
    }

    private static async Task<(IReadOnlyList<RiskExportRow>? Rows, IResult? Problem)> RowsAsync(RiskService riskService, IAccountStore accounts,
        string? accountId, string? severity, string? service, string? cis, bool? includeWhitelisted, CancellationToken ct)
    {
        var (filter, problem) = await RisksQuery.ParseAsync(accountId, severity, service, cis, accounts, ct);
        if (problem is not null) return (null, problem);
        var names = await RisksQuery.AccountNamesAsync(accounts, ct);
        var findings = await riskService.FindingsAsync(filter!, includeWhitelisted ?? false, ct);
        return (findings.Select(f => RiskExportRow.From(f, names)).ToList(), null);
    }

    private static string FileName(TimeProvider clock) => $"failed-checks-{clock.GetUtcNow():yyyyMMdd-HHmm}";
}
