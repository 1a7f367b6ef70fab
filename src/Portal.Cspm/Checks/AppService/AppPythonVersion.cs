namespace Portal.Cspm.Checks.AppService;

public sealed class AppPythonVersion : RuntimeVersionCheck
{
    protected override string Stack => "PYTHON";
    protected override Version Minimum => SupportedRuntimes.Python;
    public override CheckMetadata Metadata { get; } = Meta("azure-app-python-version", "App Service runs an unsupported Python version", Severity.Medium, "AppService",
        ResourceTypes.WebSite, "Apps running Python must use a supported version (see SupportedRuntimes.Python; linuxFxVersion PYTHON|x or pythonVersion).",
        "End-of-life runtimes receive no security fixes.",
        "App Services > select the app > Settings > Configuration > General settings > Python version = latest stable > Save.",
        "az webapp config set -g <resource-group> -n <app> --linux-fx-version \"PYTHON|3.12\"", "9.8");
}
