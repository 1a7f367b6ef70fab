using Microsoft.Extensions.Configuration;
using FsCheck;
using FsCheck.Fluent;
using Portal.Data;
using Portal.Web.Configuration;
using Portal.Web.Security;

namespace Portal.UnitTests;

public sealed class ConfigurationAndRedirectTests
{
    private static PortalOptionsValidator Validator(string? connectionString = null) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Portal"] = connectionString }).Build());

    [Fact]
    public void Defaults_are_valid() => Assert.True(Validator().Validate(null, new PortalOptions()).Succeeded);

    [Fact]
    public void Postgres_without_a_connection_string_names_the_missing_key()
    {
        var result = Validator().Validate(null, new PortalOptions { DatabaseProvider = DatabaseProvider.Postgres });
        Assert.True(result.Failed);
        Assert.Contains("ConnectionStrings__Portal", result.FailureMessage);
        Assert.True(Validator("Host=db").Validate(null, new PortalOptions { DatabaseProvider = DatabaseProvider.Postgres }).Succeeded);
    }

    [Fact]
    public void Short_admin_password_and_bootstrap_token_are_refused()
    {
        var result = Validator().Validate(null, new PortalOptions { AdminPassword = "short", BootstrapApiToken = "also-short" });
        Assert.Contains("Portal:AdminPassword must be at least 12", result.FailureMessage);
        Assert.Contains("Portal:BootstrapApiToken must be at least 32", result.FailureMessage);
    }

    [Theory]
    [InlineData(null, "/")]
    [InlineData("", "/")]
    [InlineData("audit", "/audit")]
    [InlineData("/hosts?region=westeurope", "/hosts?region=westeurope")]
    [InlineData("//evil.example/x", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("javascript:alert(1)", "/")]
    public void Return_urls_stay_on_this_site(string? input, string expected) =>
        Assert.Equal(expected, ReturnUrlGuard.LocalOrRoot(input));

    [Fact]
    public void Any_return_url_maps_to_a_local_path() =>
        Prop.ForAll<string>(input =>
        {
            var result = ReturnUrlGuard.LocalOrRoot(input);
            return result.StartsWith('/') && !result.StartsWith("//") && !result.StartsWith("/\\") && !result.Contains("://");
        }).QuickCheckThrowOnFailure();
}
