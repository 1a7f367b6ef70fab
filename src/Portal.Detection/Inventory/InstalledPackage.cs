namespace Portal.Detection.Inventory;

/// <summary>
/// A package a package manager records as installed. <see cref="SourceName"/> / <see cref="SourceVersion"/> are the
/// source package it was built from (dpkg's Source field, apk's origin): Debian and Alpine advisories name source packages.
/// </summary>
public sealed record InstalledPackage(string Manager, string Name, string Version, string? Architecture = null, string? SourceName = null, string? SourceVersion = null)
{
    /// <summary>
    /// The name advisories of this ecosystem use: Debian's and Alpine's name source packages, Red Hat's (and the RHEL
    /// rebuilds') name binary rpms.
    /// </summary>
    public string AdvisoryName => Manager == "rpm" ? Name : SourceName ?? Name;
    public string AdvisoryVersion => Manager == "rpm" ? Version : SourceVersion ?? Version;

    /// <summary>Who made it (Windows programs' Publisher).</summary>
    public string? Publisher { get; init; }
}
