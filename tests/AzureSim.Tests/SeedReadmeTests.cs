using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AzureSim.Tests;

/// <summary>Every risky setting listed in src/AzureSim/Seeds/README.md is really planted in the demo seed.</summary>
public class SeedReadmeTests(SimFixture f) : IClassFixture<SimFixture>
{
    public static string ReadmePath()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null)
        {
            var p = Path.Combine(dir.FullName, "src", "AzureSim", "Seeds", "README.md");
            if (File.Exists(p)) return p;
            dir = dir.Parent;
        }
        throw new FileNotFoundException("src/AzureSim/Seeds/README.md");
    }

    public static IEnumerable<object[]> Rows() =>
        File.ReadAllLines(ReadmePath()).Where(l => Regex.IsMatch(l, @"^\| R\d+ \|"))
            .Select(l => Regex.Split(l.Trim().Trim('|'), @"(?<!\\)\|").Select(c => c.Trim().Replace("\\|", "|")).ToArray())
            .Select(c => new object[] { c[0], c[2], c[3], c[4] });

    [Fact]
    public void Readme_lists_at_least_fifty_planted_risks() => Assert.True(Rows().Count() >= 50);

    /// <summary>demo-findings.json (the expected CSPM failures) and the README table describe the same rows: every row that is a
    /// risk has at least one (check, resource) pair, a row marked "NOT A FINDING" has none, and no pair names another row.</summary>
    [Fact]
    public void Expected_findings_cover_exactly_the_readme_rows()
    {
        var rows = File.ReadAllLines(ReadmePath()).Where(l => Regex.IsMatch(l, @"^\| R\d+ \|"))
            .Select(l => Regex.Split(l.Trim().Trim('|'), @"(?<!\\)\|").Select(c => c.Trim()).ToArray()).ToList();
        var risks = rows.Where(c => !c[^1].StartsWith("NOT A FINDING", StringComparison.Ordinal)).Select(c => c[0]).ToHashSet();
        var notFindings = rows.Select(c => c[0]).Except(risks).ToHashSet();
        var findings = AzureSim.Seeds.DemoFindings.Load();
        var named = findings.SelectMany(x => x.Risks).ToHashSet();
        Assert.True(findings.Count >= rows.Count, $"{findings.Count} findings for {rows.Count} rows");
        var withoutPair = risks.Except(named).Order().ToList();
        Assert.True(withoutPair.Count == 0, "README rows with no expected finding in demo-findings.json: " + string.Join(", ", withoutPair));
        var stray = named.Except(risks).Order().ToList();
        Assert.True(stray.Count == 0, "demo-findings.json names rows that are not risks in the README: " + string.Join(", ", stray));
        Assert.Equal(["R56", "R58"], notFindings.Order());
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Planted_risk_is_present(string id, string resource, string property, string value)
    {
        var st = f.Host.State;
        var expected = JsonNode.Parse(value);
        var full = $"/subscriptions/{f.Sub}/{resource}";
        if (property == "(count)")
        {
            int count;
            if (!resource.Contains("/providers/") || resource.StartsWith("Microsoft."))
            {
                var type = resource.TrimEnd('*', '/');
                count = st.ListResources(type).Count;
            }
            else
            {
                var prefix = full.TrimEnd('*');
                var type = string.Join('/', resource.TrimEnd('*', '/').Split("/providers/")[^1].Split('/').Take(2));
                count = st.ListResources(type).Count(r => r["id"]!.GetValue<string>().StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
            }
            Assert.True(expected!.GetValue<int>() == count, $"{id}: count {count}");
            return;
        }
        var obj = st.GetResource(full) ?? EmbeddedChild(full);
        if (property == "(exists)")
        {
            Assert.True(expected!.GetValue<bool>() == (obj != null), id);
            return;
        }
        Assert.True(obj != null, $"{id}: {full} not found");
        JsonNode? cur = obj;
        foreach (var seg in property.Split('.'))
        {
            var m = Regex.Match(seg, @"^(\w+)\[(\w+)=([^\]]*)\]$");
            if (m.Success)
                cur = (cur?[m.Groups[1].Value] as JsonArray)?.FirstOrDefault(e => e?[m.Groups[2].Value]?.ToString() == m.Groups[3].Value);
            else
                cur = cur?[seg];
        }
        Assert.True(JsonNode.DeepEquals(expected, cur), $"{id}: {property} is {cur?.ToJsonString() ?? "null"}, README says {value}");
    }

    private JsonObject? EmbeddedChild(string id)
    {
        // NSG rules and subnets live inside their parent
        var parts = id.Split('/');
        var parent = f.Host.State.GetResource(string.Join('/', parts[..^2]));
        return (parent?["properties"]?[parts[^2]] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(x => x["name"]?.GetValue<string>() == parts[^1]);
    }
}
