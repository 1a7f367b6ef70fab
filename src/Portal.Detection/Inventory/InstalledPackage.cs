namespace Portal.Detection.Inventory;

/// <summary>
/// A package a package manager records as installed. <see cref="SourceName"/> / <see cref="SourceVersion"/> are the
/// source package it was built from (dpkg's Source field, apk's origin): Debian and Alpine advisories name source packages.
/// </summary>
public sealed record InstalledPackage(string Manager, string Name, string Version, string? Architecture = null, string? SourceName = null, string? SourceVersion = null)
{
    /// <summary>The name advisories of this ecosystem use: the source package where the manager records one.</summary>
    public string AdvisoryName => SourceName ?? Name;
    public string AdvisoryVersion => SourceVersion ?? Version;

    /// <summary>Who made it (Windows programs' Publisher).</summary>
    public string? Publisher { get; init; }
}
