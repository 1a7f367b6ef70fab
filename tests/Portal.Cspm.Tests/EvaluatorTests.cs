using System.Diagnostics;
using Portal.Cspm;
using Xunit;
using Xunit.Abstractions;
using static Portal.Cspm.Tests.Arm;

namespace Portal.Cspm.Tests;

public class EvaluatorTests(ITestOutputHelper output)
{
    [Fact]
    public void EvaluateAll_equals_running_each_check_in_catalog_order()
    {
        var set = new ResourceSet(LargeTenant.Build(2_000));
        var expected = CheckCatalog.All.SelectMany(c => c.Evaluate(set)).ToList();
        var actual = CatalogEvaluator.EvaluateAll(set);
        Assert.Equal(expected, actual);
        Assert.Contains(actual, r => r.CheckId == "azure-nsg-rdp-internet" && r.Status == CheckStatus.Failed);
        Assert.Contains(actual, r => r.CheckId == "azure-monitor-alert-create-update-nsg" && r.Status == CheckStatus.Passed && r.ResourceId == SubScope);
        Assert.Contains(actual, r => r.CheckId == "azure-monitor-alert-delete-nsg" && r.Status == CheckStatus.Failed && r.ResourceId == SubScope);
    }

    [Fact]
    public void EvaluateAll_runs_only_the_given_checks()
    {
        var set = new ResourceSet(LargeTenant.Build(500));
        var only = new[] { CheckCatalog.Find("azure-storage-min-tls")! };
        var results = CatalogEvaluator.EvaluateAll(set, only);
        Assert.All(results, r => Assert.Equal("azure-storage-min-tls", r.CheckId));
        Assert.Equal(set.OfType(ResourceTypes.StorageAccount).Count(), results.Count);
    }

    [Fact]
    public void Empty_set_gives_no_results_and_subscription_checks_report_once_per_subscription()
    {
        Assert.Empty(CatalogEvaluator.EvaluateAll(new ResourceSet(System.Array.Empty<ResourceConfig>())));
        var two = Set(Examples.Storage0(), Examples.Site());
        var bastion = CheckCatalog.Find("azure-bastion-host-exists")!.Evaluate(two).ToList();
        Assert.Equal(2, bastion.Count);
        Assert.Equal(new[] { SubScope, "/subscriptions/34adfa4f-cedf-4dc0-ba29-b6d1a69ab345" }.OrderBy(x => x), bastion.Select(r => r.ResourceId).OrderBy(x => x));
        Assert.All(bastion, r => Assert.Equal(CheckStatus.Failed, r.Status));
    }

    [Fact]
    public void A_failing_check_is_named_in_the_exception()
    {
        var ex = Assert.Throws<CheckEvaluationException>(() => CatalogEvaluator.EvaluateAll(Set(Examples.Storage0()), new ICheck[] { new Throwing() }));
        Assert.Equal("test-throwing", ex.CheckId);
    }

    [Fact]
    public void Full_catalog_over_100k_resources_runs_in_seconds()
    {
        var build = Stopwatch.StartNew();
        var items = LargeTenant.Build(100_000);
        var set = new ResourceSet(items);
        build.Stop();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var results = CatalogEvaluator.EvaluateAll(set);
        sw.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        var checks = CheckCatalog.All.Count;
        output.WriteLine($"{set.Count} resources, {checks} checks, {results.Count} results; build {build.ElapsedMilliseconds} ms, evaluate {sw.ElapsedMilliseconds} ms wall, {cpu.TotalMilliseconds:F0} ms CPU; " +
                         $"{set.Count * (double)checks / sw.Elapsed.TotalSeconds:N0} resource×check/s");
        if (Environment.GetEnvironmentVariable("CSPM_PROFILE") == "1")
            foreach (var (id, ms) in CheckCatalog.All.Select(c => { var t = Stopwatch.StartNew(); c.Evaluate(set).Count(); return (c.Metadata.Id, t.ElapsedMilliseconds); }).OrderByDescending(x => x.ElapsedMilliseconds).Take(15))
                output.WriteLine($"  {id}: {ms} ms");
        Assert.True(set.Count >= 100_000);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(60), $"evaluation took {sw.Elapsed}");
        var storage = set.OfType(ResourceTypes.StorageAccount).Count();
        Assert.Equal(storage, results.Count(r => r.CheckId == "azure-storage-min-tls"));
        Assert.Equal(set.OfType(ResourceTypes.NetworkSecurityGroup).Count(), results.Count(r => r.CheckId == "azure-nsg-rdp-internet" && r.Status == CheckStatus.Failed));
    }

    private sealed class Throwing : ICheck
    {
        public CheckMetadata Metadata { get; } = new("test-throwing", "t", Severity.Low, "Network", "Microsoft.Network/x", "d", "r", "p", "az x", System.Array.Empty<string>());
        public IEnumerable<CheckResult> Evaluate(IResourceSet resources) => throw new InvalidOperationException("boom");
    }
}
