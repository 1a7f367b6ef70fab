namespace Portal.Detection.Vulnerabilities.Versions;

/// <summary>
/// How one package ecosystem orders its version strings. Advisories (OSV <c>ECOSYSTEM</c> ranges) and installed packages
/// are compared with their own ecosystem's rules: a plain string or semver order gets security answers wrong
/// (<c>1.0~rc1</c> is older than <c>1.0</c> for dpkg and rpm, <c>1.0_alpha</c> older than <c>1.0</c> for apk).
/// </summary>
public interface IVersionScheme : IComparer<string>
{
    /// <summary>The scheme's name as users know it ("dpkg", "rpm", "apk").</summary>
    string Name { get; }

    /// <summary>Null when <paramref name="version"/> is a valid version of this scheme, else why not (in the scheme's words).</summary>
    string? Validate(string version);
}

/// <summary>The version scheme of an OSV ecosystem name (<c>Debian:12</c>, <c>Ubuntu:22.04:LTS</c>, <c>Alpine:v3.19</c>, <c>Red Hat</c>...).</summary>
public static class VersionSchemes
{
    public static IVersionScheme? ForOsvEcosystem(string ecosystem)
    {
        var family = ecosystem.Split(':', 2)[0].Trim();
        return family switch
        {
            "Debian" or "Ubuntu" => DpkgVersion.Scheme,
            "Alpine" => ApkVersion.Scheme,
            "Red Hat" or "AlmaLinux" or "Rocky Linux" or "openSUSE" or "SUSE" or "Mageia" or "Photon OS" => RpmVersion.Scheme,
            _ => null,
        };
    }
}
