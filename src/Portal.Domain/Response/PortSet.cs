namespace Portal.Domain.Response;

/// <summary>An immutable set of ports 0-65535 as sorted, disjoint, non-adjacent ranges.</summary>
public sealed class PortSet
{
    private readonly (int Lo, int Hi)[] _ranges;

    private PortSet((int, int)[] ranges) => _ranges = ranges;

    public static PortSet None { get; } = new([]);
    public static PortSet All { get; } = new([(0, 65535)]);

    public bool IsEmpty => _ranges.Length == 0;
    public bool IsAll => _ranges.Length == 1 && _ranges[0] == (0, 65535);
    public IReadOnlyList<(int Lo, int Hi)> Ranges => _ranges;

    /// <summary>Ports of Azure port-range strings ("*", "443", "1000-2000"); unparseable entries cover nothing.</summary>
    public static PortSet Of(IEnumerable<string> ranges)
    {
        var list = new List<(int, int)>();
        foreach (var raw in ranges)
        {
            var r = raw.Trim();
            if (r is "*" || r.Equals("Any", StringComparison.OrdinalIgnoreCase)) return All;
            var dash = r.IndexOf('-');
            if (dash < 0 && int.TryParse(r, out var p) && p is >= 0 and <= 65535) list.Add((p, p));
            else if (dash > 0 && int.TryParse(r[..dash], out var lo) && int.TryParse(r[(dash + 1)..], out var hi) && 0 <= lo && lo <= hi && hi <= 65535) list.Add((lo, hi));
        }
        return Normalize(list);
    }

    public PortSet Union(PortSet other) => Normalize(_ranges.Concat(other._ranges));

    public PortSet Intersect(PortSet other)
    {
        var result = new List<(int, int)>();
        foreach (var a in _ranges)
            foreach (var b in other._ranges)
            {
                var lo = Math.Max(a.Lo, b.Lo);
                var hi = Math.Min(a.Hi, b.Hi);
                if (lo <= hi) result.Add((lo, hi));
            }
        return Normalize(result);
    }

    public PortSet Except(PortSet other)
    {
        var current = _ranges.ToList();
        foreach (var (lo, hi) in other._ranges)
        {
            var next = new List<(int, int)>();
            foreach (var (a, b) in current)
            {
                if (hi < a || lo > b) { next.Add((a, b)); continue; }
                if (a < lo) next.Add((a, lo - 1));
                if (b > hi) next.Add((hi + 1, b));
            }
            current = next;
        }
        return Normalize(current);
    }

    public override string ToString() => IsAll ? "*" : string.Join(",", _ranges.Select(r => r.Lo == r.Hi ? $"{r.Lo}" : $"{r.Lo}-{r.Hi}"));

    private static PortSet Normalize(IEnumerable<(int Lo, int Hi)> ranges)
    {
        var merged = new List<(int Lo, int Hi)>();
        foreach (var r in ranges.OrderBy(r => r.Lo))
            if (merged.Count > 0 && r.Lo <= merged[^1].Hi + 1) merged[^1] = (merged[^1].Lo, Math.Max(merged[^1].Hi, r.Hi));
            else merged.Add(r);
        return merged.Count == 0 ? None : new PortSet(merged.ToArray());
    }
}
