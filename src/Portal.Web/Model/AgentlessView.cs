using Portal.Domain.Accounts;
using Portal.Domain.Agentless;
using Portal.Domain.Cloud;

namespace Portal.Web.Model;

/// <summary>One row of the scans list.</summary>
public sealed record AgentlessScanRow(Guid Id, Guid AccountId, string Account, string Scope, string State, bool IsFinal, DateTime RequestedAt, string Trigger,
    string? Duration, int Targets, int DisksRead, int DisksSkipped, int DisksFailed, long FilesCounted, string BytesFetched, string ContentBytes, string? Error, string? Progress);

/// <summary>
/// The "Agentless detection" page's logic (tabs Server check and Custom image check): the accounts with the feature, a page of
/// scans with live progress, "Scan now", and one scan's detail. No UI types here, so tests can drive it.
/// </summary>
public sealed class AgentlessView(AgentlessScanService service, IAccountStore accounts, AgentlessProgressBoard board)
{
    public AgentlessScanKind Kind { get; set; } = AgentlessScanKind.Server;
    public Guid? AccountFilter { get; set; }
    public IReadOnlyList<CloudAccount> Accounts { get; private set; } = [];
    public AgentlessScanDetail? Detail { get; private set; }
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }
    private IReadOnlyList<AgentlessScanRow> _shown = [];

    /// <summary>True while a scan shown (in the list or the detail) is not finished: the page keeps refreshing.</summary>
    public bool IsLive => _shown.Any(r => !r.IsFinal) || Detail is { Scan.IsFinal: false };

    public async Task LoadAccountsAsync(CancellationToken ct = default) =>
        Accounts = (await accounts.ListAsync(ct)).Where(a => a.Has(CloudFeature.Agentless)).OrderBy(a => a.Name).ToList();

    public async Task<(int Total, IReadOnlyList<AgentlessScanRow> Rows)> LoadPageAsync(int page, int pageSize, CancellationToken ct = default)
    {
        var result = await service.ListAsync(new AgentlessScanQuery { Kind = Kind, AccountId = AccountFilter, Page = page, PageSize = pageSize }, ct);
        var names = Accounts.ToDictionary(a => a.Id, a => a.Name);
        _shown = result.Items.Select(s => Row(s, names.GetValueOrDefault(s.AccountId, s.AccountId.ToString()), board.ForScan(s.Id))).ToList();
        return (result.Total, _shown);
    }

    public static AgentlessScanRow Row(AgentlessScan s, string account, IReadOnlyList<AgentlessTargetProgress> live)
    {
        var moving = live.Where(p => !p.State.IsFinal()).ToList();
        var progress = s.IsFinal || live.Count == 0 ? null
            : $"{live.Count(p => p.State.IsFinal())} of {live.Count} done" + (moving.FirstOrDefault() is { } m ? $" · {m.Name}: {m.Message}" : "");
        return new AgentlessScanRow(s.Id, s.AccountId, account, s.HostId is null ? AgentlessScanService.KindLabel(s.Kind) : "one host", s.State.Label(), s.IsFinal,
            s.RequestedAt, s.Trigger, s.Duration is { } d ? Duration(d) : null, s.Targets, s.DisksRead, s.DisksSkipped, s.DisksFailed, s.FilesCounted,
            Bytes(s.BytesFetched), Bytes(s.ContentBytes), s.ErrorCode is null ? null : $"{s.ErrorCode}: {s.ErrorMeaning}", progress);
    }

    /// <summary>"Scan now" for an account (this tab's kind). The message says what happened.</summary>
    public async Task<Guid?> ScanNowAsync(Guid accountId, string actor, CancellationToken ct = default)
    {
        var outcome = await service.RequestAsync(accountId, Kind, null, actor, "ui", "manual", ct);
        return Report(outcome);
    }

    public async Task<Guid?> ScanHostAsync(Guid accountId, Guid hostId, string actor, CancellationToken ct = default) =>
        Report(await service.RequestAsync(accountId, AgentlessScanKind.Server, hostId, actor, "ui", "manual", ct));

    private Guid? Report(Outcome<(AgentlessScan Scan, bool Created)> outcome)
    {
        if (!outcome.Ok)
        {
            (Message, MessageIsError) = ($"{outcome.Problem!.Title}: {outcome.Problem.Detail}", true);
            return null;
        }
        var (scan, created) = outcome.Value;
        (Message, MessageIsError) = (created ? "Scan queued: it starts in a moment." : $"A scan of this scope is already {scan.State.Label()}; showing it.", false);
        return scan.Id;
    }

    public async Task SelectAsync(Guid? scanId, CancellationToken ct = default) =>
        Detail = scanId is { } id ? await service.GetDetailAsync(id, ct) : null;

    public IReadOnlyList<AgentlessTargetProgress> LiveOf(Guid scanId) => board.ForScan(scanId);

    public static string Bytes(long b) => AgentlessPlanner.Size(b);

    public static string Duration(TimeSpan d) => d.TotalSeconds < 1 ? $"{d.TotalMilliseconds:0} ms" : d.TotalMinutes < 1 ? $"{d.TotalSeconds:0.0} s" : $"{(int)d.TotalMinutes} min {d.Seconds} s";

    /// <summary>MudBlazor colour name for a state (the page maps it).</summary>
    public static string Tone(string state) => state switch
    {
        "done" => "success",
        "failed" => "error",
        "skipped" => "default",
        "queued" => "info",
        _ => "warning",
    };

    /// <summary>Bytes fetched over the SAS URL vs. bytes of file content: how much of the disk had to be read to walk it.</summary>
    public static string ReadRatio(AgentlessDiskScan d) => d.ContentBytes == 0 ? "" : $"{100.0 * d.BytesFetched / d.ContentBytes:0.#}% of the file content";
}
