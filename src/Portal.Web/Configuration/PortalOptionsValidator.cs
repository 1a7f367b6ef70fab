using Microsoft.Extensions.Options;
using Portal.Data;

namespace Portal.Web.Configuration;

/// <summary>Start-up checks that DataAnnotations cannot express; each failure names the key to fix.</summary>
public sealed class PortalOptionsValidator(IConfiguration configuration) : IValidateOptions<PortalOptions>
{
    public const int MinimumBootstrapTokenLength = 32;

    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.DatabaseProvider))
            failures.Add("Portal:DatabaseProvider must be Sqlite or Postgres.");
        if (options.DatabaseProvider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(configuration.GetConnectionString("Portal")))
            failures.Add("Portal:DatabaseProvider is Postgres but ConnectionStrings:Portal (ConnectionStrings__Portal) is empty.");
        if (!string.IsNullOrEmpty(options.AdminPassword) && options.AdminPassword.Length < PasswordRules.MinimumLength)
            failures.Add($"Portal:AdminPassword must be at least {PasswordRules.MinimumLength} characters.");
        if (!string.IsNullOrEmpty(options.BootstrapApiToken) && options.BootstrapApiToken.Length < MinimumBootstrapTokenLength)
            failures.Add($"Portal:BootstrapApiToken must be at least {MinimumBootstrapTokenLength} characters of random text.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

public static class PasswordRules
{
    public const int MinimumLength = 12;
}
