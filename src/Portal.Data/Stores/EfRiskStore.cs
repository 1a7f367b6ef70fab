using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Portal.Cspm;
using Portal.Domain.Risks;

namespace Portal.Data.Stores;

public sealed class EfRiskStore(IDbContextFactory<PortalDbContext> contexts) : IRiskStore
{
    public async Task ReplaceResultsAsync(Guid accountId, IReadOnlyList<RiskResult> results, RiskTrendPoint trend, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.RiskResults.Where(r => r.AccountId == accountId).ExecuteDeleteAsync(ct);
        // A scan writes hundreds of thousands of rows on a large tenant: bulk-write them (COPY on PostgreSQL, one prepared
        // statement on SQLite) inside the same transaction instead of tracking each one.
        await ResultBulkWriter.WriteAsync(db, tx.GetDbTransaction(), accountId, results, ct);
        trend.Id = 0;
        trend.AccountId = accountId;
        db.RiskTrendPoints.Add(trend);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<RiskResult>> ListResultsAsync(Guid? accountId = null, IReadOnlyCollection<string>? checkIds = null, CancellationToken ct = default,
        CheckStatus? status = null)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = Filter(db.RiskResults.AsNoTracking(), accountId, checkIds);
        if (status is { } s) rows = rows.Where(r => r.Status == s);
        return await rows.OrderBy(r => r.Id).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<ResultCount>> CountAsync(Guid? accountId = null, IReadOnlyCollection<string>? checkIds = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = Filter(db.RiskResults.AsNoTracking(), accountId, checkIds);
        var counts = await rows.GroupBy(r => new { r.CheckId, r.Status }).Select(g => new { g.Key.CheckId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        return counts.Select(c => new ResultCount(c.CheckId, c.Status, c.Count)).ToList();
    }

    private static IQueryable<RiskResult> Filter(IQueryable<RiskResult> rows, Guid? accountId, IReadOnlyCollection<string>? checkIds)
    {
        if (accountId is { } a) rows = rows.Where(r => r.AccountId == a);
        if (checkIds is not null)
        {
            var ids = checkIds.ToArray();
            rows = rows.Where(r => ids.Contains(r.CheckId));
        }
        return rows;
    }

    public async Task<IReadOnlyList<RiskTrendPoint>> TrendAsync(Guid? accountId = null, DateTime? from = null, DateTime? to = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = db.RiskTrendPoints.AsNoTracking();
        if (accountId is { } a) rows = rows.Where(p => p.AccountId == a);
        if (from is { } f) rows = rows.Where(p => p.At >= f);
        if (to is { } t) rows = rows.Where(p => p.At <= t);
        return await rows.OrderBy(p => p.At).ThenBy(p => p.Id).ToListAsync(ct);
    }
}

/// <summary>Writes scan results straight through the context's connection and transaction.</summary>
internal static class ResultBulkWriter
{
    private const string Columns = "\"AccountId\", \"CheckId\", \"ResourceId\", \"Status\", \"Evidence\", \"EvaluatedAt\"";

    public static async Task WriteAsync(PortalDbContext db, DbTransaction tx, Guid accountId, IReadOnlyList<RiskResult> results, CancellationToken ct)
    {
        if (results.Count == 0) return;
        switch (db.Database.GetDbConnection())
        {
            case NpgsqlConnection pg:
            {
                await using var import = await pg.BeginBinaryImportAsync($"COPY \"RiskResults\" ({Columns}) FROM STDIN (FORMAT BINARY)", ct);
                foreach (var r in results)
                {
                    Validate(r);
                    await import.StartRowAsync(ct);
                    await import.WriteAsync(accountId, NpgsqlDbType.Uuid, ct);
                    await import.WriteAsync(r.CheckId, NpgsqlDbType.Varchar, ct);
                    await import.WriteAsync(r.ResourceId, NpgsqlDbType.Varchar, ct);
                    await import.WriteAsync(r.Status.ToString(), NpgsqlDbType.Varchar, ct);
                    await import.WriteAsync(Evidence(r), NpgsqlDbType.Varchar, ct);
                    await import.WriteAsync(DateTime.SpecifyKind(r.EvaluatedAt, DateTimeKind.Utc), NpgsqlDbType.TimestampTz, ct);
                }
                await import.CompleteAsync(ct);
                break;
            }
            case SqliteConnection sqlite:
            {
                await using var cmd = sqlite.CreateCommand();
                cmd.Transaction = (SqliteTransaction)tx;
                cmd.CommandText = $"INSERT INTO \"RiskResults\" ({Columns}) VALUES ($a, $c, $r, $s, $e, $t)";
                var a = cmd.Parameters.Add("$a", SqliteType.Text);
                var c = cmd.Parameters.Add("$c", SqliteType.Text);
                var rid = cmd.Parameters.Add("$r", SqliteType.Text);
                var s = cmd.Parameters.Add("$s", SqliteType.Text);
                var e = cmd.Parameters.Add("$e", SqliteType.Text);
                var t = cmd.Parameters.Add("$t", SqliteType.Text);
                a.Value = accountId;
                await cmd.PrepareAsync(ct);
                foreach (var r in results)
                {
                    Validate(r);
                    c.Value = r.CheckId;
                    rid.Value = r.ResourceId;
                    s.Value = r.Status.ToString();
                    e.Value = Evidence(r);
                    t.Value = r.EvaluatedAt;
                    await cmd.ExecuteNonQueryAsync(ct);
                }
                break;
            }
            default:
            {
                foreach (var r in results)
                {
                    r.Id = 0;
                    r.AccountId = accountId;
                    db.RiskResults.Add(r);
                }
                await db.SaveChangesAsync(ct);
                break;
            }
        }
    }

    private static void Validate(RiskResult r)
    {
        if (r.CheckId is null || r.ResourceId is null) throw new ArgumentException("A scan result needs a check id and a resource id.");
    }

    private static string Evidence(RiskResult r) => r.Evidence is { Length: > 4000 } text ? text[..3997] + "..." : r.Evidence ?? "";
}
