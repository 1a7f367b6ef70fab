using Portal.Detection.Vulnerabilities.Versions;

namespace Portal.Detection.Vulnerabilities.Osv;

/// <summary>
/// Whether a package version is affected, by the OSV schema's evaluation algorithm (docs/schema.md, "Evaluation"):
/// listed versions, then each range's events walked in version order — introduced switches on, fixed and a version
/// past last_affected switch off — within its limits. Ranges of type ECOSYSTEM compare with the ecosystem's own order.
/// </summary>
public static class OsvEvaluation
{
    public static bool IsAffected(OsvAffected affected, string version, IVersionScheme scheme)
    {
        if (affected.Versions.Any(v => scheme.Compare(v, version) == 0)) return true;
        return affected.Ranges.Where(r => r.Type == OsvRangeType.Ecosystem).Any(r => InRange(r, version, scheme));
    }

    /// <summary>The smallest fixed version above <paramref name="version"/> in the ranges that affect it (null when none is known).</summary>
    public static string? FixedVersion(OsvAffected affected, string version, IVersionScheme scheme) =>
        affected.Ranges.Where(r => r.Type == OsvRangeType.Ecosystem && InRange(r, version, scheme))
            .SelectMany(r => r.Events).Where(e => e.Kind == OsvEventKind.Fixed && scheme.Compare(e.Version, version) > 0)
            .Select(e => e.Version).OrderBy(v => v, scheme).FirstOrDefault();

    private static bool InRange(OsvRange range, string version, IVersionScheme scheme)
    {
        var limits = range.Events.Where(e => e.Kind == OsvEventKind.Limit).ToList();
        if (limits.Count > 0 && !limits.Any(l => l.Version.Contains('*') || scheme.Compare(version, l.Version) < 0)) return false;

        var vulnerable = false;
        foreach (var e in range.Events.Where(e => e.Kind != OsvEventKind.Limit).OrderBy(e => e, new EventOrder(scheme)))
        {
            if (e.Kind == OsvEventKind.Introduced && (e.Version == "0" || scheme.Compare(version, e.Version) >= 0)) vulnerable = true;
            else if (e.Kind == OsvEventKind.Fixed && scheme.Compare(version, e.Version) >= 0) vulnerable = false;
            else if (e.Kind == OsvEventKind.LastAffected && scheme.Compare(version, e.Version) > 0) vulnerable = false;
        }
        return vulnerable;
    }

    /// <summary>Events in version order; <c>introduced: "0"</c> sorts before every version.</summary>
    private sealed class EventOrder(IVersionScheme scheme) : IComparer<OsvEvent>
    {
        public int Compare(OsvEvent? x, OsvEvent? y)
        {
            bool x0 = x!.Kind == OsvEventKind.Introduced && x.Version == "0", y0 = y!.Kind == OsvEventKind.Introduced && y.Version == "0";
            if (x0 || y0) return x0 == y0 ? 0 : x0 ? -1 : 1;
            return scheme.Compare(x.Version, y.Version);
        }
    }
}
