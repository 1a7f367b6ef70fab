using Portal.Cspm;
using Xunit;

namespace Portal.Cspm.Tests;

public class CoverageDocumentTests
{
    private static string DocPath => Path.Combine(Repo.Root, "docs", "cspm-coverage.md");

    [Fact]
    public void CoverageDocument_is_up_to_date()
    {
        var rendered = CoverageReport.Render();
        if (Environment.GetEnvironmentVariable("UPDATE_CSPM_COVERAGE") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DocPath)!);
            File.WriteAllText(DocPath, rendered);
        }
        Assert.True(File.Exists(DocPath), $"docs/cspm-coverage.md is missing. Generate it with: {CoverageReport.RegenerateCommand}");
        var committed = File.ReadAllText(DocPath).Replace("\r\n", "\n");
        Assert.True(committed == rendered, $"docs/cspm-coverage.md differs from the catalog. Regenerate it with: {CoverageReport.RegenerateCommand}");
    }

    [Fact]
    public void Report_lists_every_control_and_every_check()
    {
        var doc = CoverageReport.Render();
        foreach (var c in CisBenchmark.V300.Controls) Assert.Contains($"| {c.Id} | ", doc);
        foreach (var c in CheckCatalog.All) Assert.Contains($"`{c.Metadata.Id}`", doc);
        foreach (var reason in NotEvaluable.V300.Values) Assert.Contains(reason[..40], doc);
        Assert.DoesNotContain("NOT COVERED", doc);
    }

    [Fact]
    public void Report_shows_a_control_without_check_or_reason_as_not_covered()
    {
        // Render with only one check: every other control that has no not-evaluable reason must be flagged.
        var doc = CoverageReport.Render(new[] { CheckCatalog.Find("azure-nsg-rdp-internet")! });
        Assert.Contains("| 7.1 | ", doc);
        Assert.Contains("NOT COVERED", doc);
        Assert.Contains("Not evaluable from ARM", doc);
    }
}
