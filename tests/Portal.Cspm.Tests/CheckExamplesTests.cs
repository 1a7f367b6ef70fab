using Portal.Cspm;
using Xunit;

namespace Portal.Cspm.Tests;

/// <summary>Every check has a passing and a failing example built from the official ARM payload shapes.</summary>
public sealed record Example(string CheckId, string ResourceId, Func<ResourceSet> Passing, Func<ResourceSet> Failing, string? FailEvidence = null)
{
    public override string ToString() => CheckId;
}

public class CheckExamplesTests
{
    public static IEnumerable<object[]> Cases() => Examples.All.Select(e => new object[] { e });

    [Fact]
    public void Every_check_in_the_catalog_has_examples()
    {
        var covered = Examples.All.Select(e => e.CheckId).ToHashSet();
        var missing = CheckCatalog.All.Select(c => c.Metadata.Id).Where(id => !covered.Contains(id)).ToList();
        Assert.True(missing.Count == 0, "checks without a passing/failing example: " + string.Join(", ", missing));
        var unknown = covered.Where(id => CheckCatalog.Find(id) is null).ToList();
        Assert.True(unknown.Count == 0, "examples for unknown checks: " + string.Join(", ", unknown));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Passing_example_passes(Example e)
    {
        var check = CheckCatalog.Find(e.CheckId)!;
        var results = check.Evaluate(e.Passing()).Where(r => r.ResourceId.Equals(e.ResourceId, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(results.Count > 0, $"{e.CheckId}: no result for {e.ResourceId}");
        Assert.All(results, r => Assert.True(r.Status == CheckStatus.Passed, $"{e.CheckId}: expected Passed, got {r.Status}: {r.Evidence}"));
        Assert.All(results, r => Assert.False(string.IsNullOrWhiteSpace(r.Evidence)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Failing_example_fails(Example e)
    {
        var check = CheckCatalog.Find(e.CheckId)!;
        var results = check.Evaluate(e.Failing()).Where(r => r.ResourceId.Equals(e.ResourceId, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(results.Count > 0, $"{e.CheckId}: no result for {e.ResourceId}");
        var failed = results.Where(r => r.Status == CheckStatus.Failed).ToList();
        Assert.True(failed.Count > 0, $"{e.CheckId}: expected Failed, got: {string.Join(" | ", results.Select(r => r.Status + " " + r.Evidence))}");
        Assert.All(failed, r => Assert.Equal(e.CheckId, r.CheckId));
        if (e.FailEvidence is not null)
            Assert.Contains(failed, r => r.Evidence.Contains(e.FailEvidence, StringComparison.OrdinalIgnoreCase));
    }
}

public static partial class Examples
{
    public static IReadOnlyList<Example> All { get; } =
        Network().Concat(Storage()).Concat(KeyVault()).Concat(Sql()).Concat(Databases()).Concat(Compute())
            .Concat(AppService()).Concat(Monitor()).Concat(Defender()).Concat(Iam()).ToList();

    private static Example Ex(string checkId, string resourceId, Func<ResourceSet> pass, Func<ResourceSet> fail, string? failEvidence = null) =>
        new(checkId, resourceId, pass, fail, failEvidence);
}
