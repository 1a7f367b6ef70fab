using System.ComponentModel.DataAnnotations;
using Portal.Data;

namespace Portal.Web.Configuration;

/// <summary>The "Portal" configuration section (environment form: Portal__Key).</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Where the SQLite database, the Data Protection key ring and other state live.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "./data";

    public DatabaseProvider DatabaseProvider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Sign-in name of the administrator created on first run.</summary>
    [Required(AllowEmptyStrings = false), EmailAddress]
    public string AdminEmail { get; set; } = "admin@portal.local";

    /// <summary>First-run admin password; when empty one is generated and printed once to the console.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>An Admin-role API token accepted from the first start, for automation; only its hash is stored.</summary>
    public string? BootstrapApiToken { get; set; }

    /// <summary>Demo mode: the portal starts the bundled Azure simulator (seeded with a demo tenant) and sends every
    /// cloud call to it instead of Azure. Turn it off (Portal__DemoMode=false) to connect real subscriptions.</summary>
    public bool DemoMode { get; set; } = true;

    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);

    /// <summary>The values registration code needs before the options pipeline exists (it validates them at start).</summary>
    public static PortalOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<PortalOptions>() ?? new PortalOptions();

    /// <summary>ConnectionStrings:Portal, or a SQLite file in the data directory when none is configured.</summary>
    public string ConnectionString(IConfiguration configuration)
    {
        var configured = configuration.GetConnectionString("Portal");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        Directory.CreateDirectory(DataDirectoryFullPath);
        return PortalDataExtensions.DefaultSqliteConnectionString(DataDirectory);
    }
    /// <summary>Where the Data Protection key ring (which encrypts client secrets) lives; default {DataDirectory}/keys.
    /// Every node of a cluster must use the same key ring: point them all at one shared directory.</summary>
    public string? KeyRingDirectory { get; set; }

    public string KeyRingPath => string.IsNullOrWhiteSpace(KeyRingDirectory) ? Path.Combine(DataDirectoryFullPath, "keys") : Path.GetFullPath(KeyRingDirectory);
}
