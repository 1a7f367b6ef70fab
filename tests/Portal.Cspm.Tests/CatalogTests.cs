using System.Text.RegularExpressions;
using Portal.Cspm;
using Xunit;

namespace Portal.Cspm.Tests;

public class CatalogTests
{
    private static readonly string[] Services = { "Network", "Storage", "KeyVault", "SQL", "Compute", "AppService", "Monitor", "Defender", "IAM" };

    [Fact]
    public void Catalog_has_at_least_80_checks_with_unique_stable_ids()
    {
        var ids = CheckCatalog.All.Select(c => c.Metadata.Id).ToList();
        Assert.True(ids.Count >= 80, $"only {ids.Count} checks");
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(ids, id => Assert.Matches(new Regex("^azure-[a-z0-9]+(-[a-z0-9]+)+$"), id));
    }

    [Fact]
    public void Every_check_has_complete_metadata()
    {
        foreach (var c in CheckCatalog.All)
        {
            var m = c.Metadata;
            foreach (var (name, value) in new[] { ("Title", m.Title), ("Description", m.Description), ("Risk", m.Risk), ("RemediationPortal", m.RemediationPortal), ("RemediationCli", m.RemediationCli), ("ResourceType", m.ResourceType) })
                Assert.False(string.IsNullOrWhiteSpace(value), $"{m.Id}: {name} is empty");
            Assert.Contains(m.Service, Services);
            Assert.True(Enum.IsDefined(m.Severity), $"{m.Id}: severity");
            Assert.Matches(new Regex(@"^Microsoft\.[A-Za-z]+/[A-Za-z]+(/[A-Za-z]+)*$"), m.ResourceType);
            Assert.StartsWith("az ", m.RemediationCli);
            Assert.True(m.Title.Length <= 140, $"{m.Id}: title too long");
            Assert.Same(m, c.Metadata); // metadata is stable per instance (cached)
        }
    }

    [Fact]
    public void Every_cis_section_of_a_check_is_a_control_of_the_reference()
    {
        var reference = File.ReadAllText(Repo.ReferencePath);
        foreach (var c in CheckCatalog.All)
            foreach (var cis in c.Metadata.Cis)
            {
                Assert.True(CisBenchmark.V300.Find(cis) is not null, $"{c.Metadata.Id}: CIS {cis} is not in CisBenchmark.V300");
                Assert.True(ReferenceMentions(reference, cis), $"{c.Metadata.Id}: CIS {cis} not found in cspm-reference.md");
            }
        Assert.True(CheckCatalog.All.Count(c => c.Metadata.Cis.Count > 0) >= 100);
    }

    [Fact]
    public void The_control_table_matches_the_reference_document()
    {
        var reference = File.ReadAllText(Repo.ReferencePath);
        foreach (var control in CisBenchmark.V300.Controls)
            Assert.True(ReferenceMentions(reference, control.Id), $"control {control.Id} is not in cspm-reference.md");
        Assert.Equal(CisBenchmark.V300.Controls.Count, CisBenchmark.V300.Controls.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public void Every_control_is_evaluated_or_has_a_reason_it_cannot_be()
    {
        var coverage = CoverageReport.Controls();
        var uncovered = coverage.Where(c => c.Checks.Count == 0 && c.NotEvaluableReason is null).Select(c => c.Control.Id).ToList();
        Assert.True(uncovered.Count == 0, "controls without a check or a not-evaluable reason: " + string.Join(", ", uncovered));
        var contradictory = coverage.Where(c => c.Checks.Count > 0 && c.NotEvaluableReason is not null).Select(c => c.Control.Id).ToList();
        Assert.True(contradictory.Count == 0, "controls both evaluated and marked not evaluable: " + string.Join(", ", contradictory));
        Assert.All(NotEvaluable.V300.Keys, k => Assert.NotNull(CisBenchmark.V300.Find(k)));
        // Every control the reference marks automatable ("Yes") is evaluated by a check.
        var autoMissing = coverage.Where(c => c.Control.Automation == Automation.Yes && c.Checks.Count == 0).Select(c => c.Control.Id).ToList();
        Assert.True(autoMissing.Count == 0, "automatable controls without a check: " + string.Join(", ", autoMissing));
    }

    [Fact]
    public void Find_is_case_insensitive_and_returns_null_for_unknown_ids()
    {
        Assert.Same(CheckCatalog.Find("azure-nsg-rdp-internet"), CheckCatalog.Find("AZURE-NSG-RDP-INTERNET"));
        Assert.NotNull(CheckCatalog.Find("azure-nsg-rdp-internet"));
        Assert.Null(CheckCatalog.Find("azure-does-not-exist"));
    }

    /// <summary>The reference groups controls ("3.1.7.1-4", "4.12-4.14", "5.1.1-5.1.6", "6.2.1-6.2.10", "3.3.5 / 3.3.6"): a control is
    /// mentioned when its number appears, or falls inside a range of the same prefix.</summary>
    internal static bool ReferenceMentions(string reference, string id)
    {
        if (Regex.IsMatch(reference, $@"(?<![\d.]){Regex.Escape(id)}(?![\d])")) return true;
        var dot = id.LastIndexOf('.');
        var prefix = id[..(dot + 1)];
        var last = int.Parse(id[(dot + 1)..]);
        foreach (Match m in Regex.Matches(reference, $@"(?<![\d.]){Regex.Escape(prefix)}(\d+)-(?:{Regex.Escape(prefix)})?(\d+)"))
            if (int.Parse(m.Groups[1].Value) <= last && last <= int.Parse(m.Groups[2].Value)) return true;
        // "3.1.3.2/.4/.5" lists siblings by their last number.
        foreach (Match m in Regex.Matches(reference, $@"(?<![\d.]){Regex.Escape(prefix)}\d+((?:/\.\d+)+)"))
            if (m.Groups[1].Value.Split("/.", StringSplitOptions.RemoveEmptyEntries).Contains(last.ToString())) return true;
        return false;
    }
}
