namespace Portal.Cspm.Tests;

internal static class Repo
{
    /// <summary>The repository root (the folder holding Portal.sln), found from the test binaries' folder.</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Portal.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>shared/cspm-reference.md beside the repository (as in CI), else the copy kept with the tests.</summary>
    public static string ReferencePath
    {
        get
        {
            var shared = Path.GetFullPath(Path.Combine(Root, "..", "shared", "cspm-reference.md"));
            return File.Exists(shared) ? shared : Path.Combine(AppContext.BaseDirectory, "Fixtures", "cspm-reference.md");
        }
    }
}
