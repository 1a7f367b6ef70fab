using System.Reflection;

namespace Portal.Cspm;

/// <summary>Every check in this assembly, discovered by reflection (any non-abstract <see cref="ICheck"/> with a public
/// parameterless constructor), ordered by id. Adding a rule is adding one class.</summary>
public static class CheckCatalog
{
    private static readonly Lazy<IReadOnlyList<ICheck>> _all = new(Discover);
    private static readonly Lazy<Dictionary<string, ICheck>> _byId =
        new(() => _all.Value.ToDictionary(c => c.Metadata.Id, StringComparer.OrdinalIgnoreCase));

    public static IReadOnlyList<ICheck> All => _all.Value;

    public static ICheck? Find(string id) => _byId.Value.GetValueOrDefault(id);

    private static IReadOnlyList<ICheck> Discover() =>
        typeof(CheckCatalog).Assembly.GetTypes()
            .Where(t => typeof(ICheck).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (ICheck)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Metadata.Id, StringComparer.Ordinal)
            .ToList();
}

public sealed class CheckEvaluationException(string checkId, Exception inner)
    : Exception($"Check '{checkId}' failed to evaluate: {inner.Message}", inner)
{
    public string CheckId { get; } = checkId;
}

public static class CatalogEvaluator
{
    /// <summary>Runs the checks (default: the whole catalog) over one resource set. Checks are independent and read only the
    /// types they need through the set's indexes, so they run in parallel; the result order is stable (catalog order, then
    /// the order each check reports in).</summary>
    public static IReadOnlyList<CheckResult> EvaluateAll(IResourceSet resources, IEnumerable<ICheck>? checks = null)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var list = (checks ?? CheckCatalog.All).ToList();
        var perCheck = new List<CheckResult>[list.Count];
        try
        {
            Parallel.For(0, list.Count, i =>
            {
                try { perCheck[i] = list[i].Evaluate(resources).ToList(); }
                catch (Exception ex) { throw new CheckEvaluationException(list[i].Metadata.Id, ex); }
            });
        }
        catch (AggregateException ae) when (ae.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ae.InnerExceptions[0]).Throw();
        }
        var all = new List<CheckResult>(perCheck.Sum(p => p.Count));
        foreach (var p in perCheck) all.AddRange(p);
        return all;
    }
}
