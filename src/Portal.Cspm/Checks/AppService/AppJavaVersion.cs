namespace Portal.Cspm.Checks.AppService;

public sealed class AppJavaVersion : RuntimeVersionCheck
{
    protected override string Stack => "JAVA";
    protected override Version Minimum => SupportedRuntimes.Java;
    public override CheckMetadata Metadata { get; } = Meta("azure-app-java-version", "App Service runs an unsupported Java version", Severity.Medium, "AppService",
        ResourceTypes.WebSite, "Apps running Java must use a supported version (see SupportedRuntimes.Java; linuxFxVersion JAVA|/TOMCAT|...-javaX or javaVersion).",
        "End-of-life runtimes receive no security fixes.",
        "App Services > select the app > Settings > Configuration > General settings > Java version = latest LTS > Save.",
        "az webapp config set -g <resource-group> -n <app> --linux-fx-version \"JAVA|21-java21\"   # Windows: --java-version 21", "9.9");
}
