using Microsoft.Extensions.Options;
using Portal.Web.Hosting;
using Portal.Web.Security;

// Container health probe (the runtime image has no curl): `dotnet Portal.Web.dll --healthcheck URL`.
if (args is ["--healthcheck", var healthUrl])
    return await HealthProbe.RunAsync(healthUrl);

WebApplication app;
try
{
    // Content root = the build output, which carries the repository's appsettings.json;
    // relative paths in configuration (Portal:DataDirectory) resolve against the working directory.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.WebHost.UseStaticWebAssets();
    builder.AddPortalData().AddPortalSecurity().AddPortalCloud().AddPortalWeb();
    app = builder.Build();
    await app.Services.GetRequiredService<PortalInitializer>().InitializeAsync();
}
catch (Exception ex) when (ex is PortalStartupException or OptionsValidationException or InvalidOperationException)
{
    Console.Error.WriteLine($"The portal did not start: {ex.Message}");
    return 1;
}

app.MapPortal();
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the in-memory API tests.</summary>
public partial class Program;
