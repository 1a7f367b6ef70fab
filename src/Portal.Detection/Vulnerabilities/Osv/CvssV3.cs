namespace Portal.Detection.Vulnerabilities.Osv;

/// <summary>
/// The CVSS v3.x base score of a vector string (<c>CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H</c>), by the formulas
/// of the FIRST CVSS v3.1 specification (section 7.1, with its Roundup of appendix A). Advisories carry the vector, not
/// always the number.
/// </summary>
public static class CvssV3
{
    public static double? BaseScore(string vector)
    {
        var parts = vector.Split('/');
        if (parts.Length < 9 || !parts[0].StartsWith("CVSS:3.", StringComparison.Ordinal)) return null;
        var m = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in parts.Skip(1))
        {
            var kv = p.Split(':');
            if (kv.Length != 2) return null;
            m[kv[0]] = kv[1];
        }
        if (!new[] { "AV", "AC", "PR", "UI", "S", "C", "I", "A" }.All(m.ContainsKey)) return null;
        var changed = m["S"] switch { "U" => false, "C" => true, _ => (bool?)null };
        if (changed is null) return null;
        double? av = m["AV"] switch { "N" => 0.85, "A" => 0.62, "L" => 0.55, "P" => 0.2, _ => null };
        double? ac = m["AC"] switch { "L" => 0.77, "H" => 0.44, _ => null };
        double? pr = m["PR"] switch { "N" => 0.85, "L" => changed.Value ? 0.68 : 0.62, "H" => changed.Value ? 0.5 : 0.27, _ => null };
        double? ui = m["UI"] switch { "N" => 0.85, "R" => 0.62, _ => null };
        double? Cia(string k) => m[k] switch { "H" => 0.56, "L" => 0.22, "N" => 0, _ => null };
        if (av is null || ac is null || pr is null || ui is null || Cia("C") is not { } c || Cia("I") is not { } i || Cia("A") is not { } a) return null;

        var iss = 1 - (1 - c) * (1 - i) * (1 - a);
        var impact = changed.Value ? 7.52 * (iss - 0.029) - 3.25 * Math.Pow(iss - 0.02, 15) : 6.42 * iss;
        if (impact <= 0) return 0;
        var exploitability = 8.22 * av.Value * ac.Value * pr.Value * ui.Value;
        return Roundup(Math.Min((changed.Value ? 1.08 : 1) * (impact + exploitability), 10));
    }

    /// <summary>The qualitative rating of a score (CVSS v3.1 section 5).</summary>
    public static string Rating(double score) => score switch
    {
        0 => "None",
        < 4 => "Low",
        < 7 => "Medium",
        < 9 => "High",
        _ => "Critical",
    };

    private static double Roundup(double value)
    {
        var scaled = (long)Math.Round(value * 100_000);
        return scaled % 10_000 == 0 ? scaled / 100_000.0 : (Math.Floor(scaled / 10_000.0) + 1) / 10.0;
    }
}
