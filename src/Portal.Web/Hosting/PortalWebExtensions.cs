using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using Portal.Data;
using Portal.Data.Identity;
using Portal.Domain.Auditing;
using Portal.Web.Api;
using Portal.Web.Components;
using Portal.Web.Configuration;
using Portal.Web.Security;

namespace Portal.Web.Hosting;

public static class PortalWebExtensions
{
    /// <summary>Binds and validates the Portal section, then registers the database it names.</summary>
    public static WebApplicationBuilder AddPortalData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PortalOptions>()
            .Bind(builder.Configuration.GetSection(PortalOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PortalOptions>, PortalOptionsValidator>();

        // The data layer is registered from the same values the validator checks; bind them once here.
        var options = PortalOptions.From(builder.Configuration);
        builder.Services.AddPortalData(options.DatabaseProvider, options.ConnectionString(builder.Configuration), options.KeyRingPath);
        builder.Services.AddSingleton<PortalInitializer>();
        builder.Services.AddHealthChecks().AddDbContextCheck<PortalDbContext>("database");
        return builder;
    }

    public static WebApplicationBuilder AddPortalWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // BootstrapBlazor's texts (pager, empty table) come from its localization: pin English
        // so a server with an invariant culture does not show resource keys.
        builder.Services.AddBootstrapBlazor(o =>
        {
            o.DefaultCultureInfo = "en-US";
            o.FallbackCulture = "en";
        });
        builder.Services.AddMudServices();
        builder.Services.AddRequestLocalization(o =>
        {
            o.SetDefaultCulture("en-US");
            o.AddSupportedCultures("en-US");
            o.AddSupportedUICultures("en-US");
        });
        builder.Services.AddHttpContextAccessor();
        builder.AddPortalPlaybooks();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Azure security portal API";
            doc.Info.Description = "Automation API. Authenticate with 'Authorization: Bearer <API token>'. Errors are RFC 9457 problem details with a 'code'.";
            return Task.CompletedTask;
        }));
        return builder;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapHealthChecks("/healthz", new() { ResponseWriter = HealthResponseWriter.WriteJson }).AllowAnonymous();

        var api = app.MapGroup("/api/v1").RequireAuthorization(PortalPolicies.Viewer).DisableAntiforgery();
        api.MapMeApi().MapAuditApi().MapApiTokensApi().MapAccountsApi().MapHostsApi();
        api.MapRisksApi().MapWhitelistApi();
        api.MapContainmentApi().MapAlertsApi().MapPlaybooksApi();
        api.MapAgentlessApi();

        // Binding the form makes the endpoint validate the antiforgery token the sign-out form carries.
        app.MapPost("/account/logout", async (IFormCollection form, SignInManager<PortalUser> signIn, IAuditLog audit, HttpContext http) =>
        {
            var name = http.User.Actor();
            await signIn.SignOutAsync();
            await audit.RecordAsync(new AuditEvent(name, "auth.sign-out", name, AuditOutcome.Succeeded, http.Source()));
            return Results.LocalRedirect("/account/login");
        }).RequireAuthorization();

        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
