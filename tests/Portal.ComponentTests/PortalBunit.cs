using System.Security.Claims;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MudBlazor;
using MudBlazor.Services;
using Portal.Data.Identity;
using Portal.Web.Hosting;
using Portal.Web.Security;

namespace Portal.ComponentTests;

/// <summary>What a component test needs from the portal around it.</summary>
public sealed record PortalBunitOptions
{
    /// <summary>Role of the signed-in user the components see; null renders as an anonymous visitor.</summary>
    public string? Role { get; init; } = Portal.Domain.Security.PortalRoles.Admin;
    /// <summary>Starts the bundled Azure simulator (demo mode) so pages that call Azure reach it through the real SDK.</summary>
    public bool DemoMode { get; init; }
    /// <summary>Starts the portal's hosted services (scheduler, containment and playbook workers) too.</summary>
    public bool RunHostedServices { get; init; }
    /// <summary>Replaces the portal's clock (e.g. a test clock that stands still).</summary>
    public TimeProvider? Clock { get; init; }
}

/// <summary>
/// bUnit harness for the portal's components: a <see cref="BunitContext"/> with MudBlazor (loose JS interop), the portal's
/// real services over a throw-away SQLite store (built by the same start-up code as Program), a real signed-in user of
/// the chosen role with the portal's real authorization policies, and MudBlazor's popover, dialog and snackbar providers
/// rendered. Use one per test: <c>await using var ctx = await PortalBunit.CreateAsync();</c> (xunit 2 cannot dispose a
/// test class that derives from BunitContext).
/// </summary>
public static class PortalBunit
{
    public const string Password = "Component-Test-Passw0rd";

    public static Task<PortalTestContext> CreateAsync(string? role = Portal.Domain.Security.PortalRoles.Admin) =>
        CreateAsync(new PortalBunitOptions { Role = role });

    public static async Task<PortalTestContext> CreateAsync(PortalBunitOptions options)
    {
        var data = Path.Combine(Path.GetTempPath(), "portal-bunit-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseSetting("Portal:DataDirectory", data);
        builder.WebHost.UseSetting("Portal:AdminEmail", "admin@component.test");
        builder.WebHost.UseSetting("Portal:AdminPassword", Password);
        builder.WebHost.UseSetting("Portal:DemoMode", options.DemoMode ? "true" : "false");
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Portal:DataDirectory"] = data;
        builder.Configuration["Portal:AdminEmail"] = "admin@component.test";
        builder.Configuration["Portal:AdminPassword"] = Password;
        builder.Configuration["Portal:DemoMode"] = options.DemoMode ? "true" : "false";
        builder.Logging.ClearProviders();
        builder.AddPortalData().AddPortalSecurity().AddPortalCloud().AddPortalWeb();
        if (options.Clock is { } clock) builder.Services.Replace(ServiceDescriptor.Singleton(clock));
        var app = builder.Build();
        await app.Services.GetRequiredService<PortalInitializer>().InitializeAsync();
        if (options.RunHostedServices) await app.StartAsync();

        var ctx = new PortalTestContext(app, data);
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices();
        // The portal's real policies; the signed-in user comes from the test's state provider.
        // bUnit's placeholders (which ask for its fake authorization) give way to the real services.
        foreach (var placeholder in ctx.Services.Where(d => d.ServiceType == typeof(IAuthorizationService) || d.ServiceType == typeof(AuthenticationStateProvider)).ToList())
            ctx.Services.Remove(placeholder);
        ctx.Services.AddAuthorizationCore();
        new AuthorizationBuilder(ctx.Services).AddPortalPolicies();
        ctx.Services.AddSingleton<AuthenticationStateProvider>(ctx.Auth);
        ctx.Services.AddCascadingAuthenticationState();
        // Everything else (stores, domain services, Identity, the scheduler) comes from the portal, one scope per context as a circuit has.
        ctx.Services.AddFallbackServiceProvider(ctx.Scope.ServiceProvider);

        if (options.Role is { } role)
            await ctx.SignInAsync(role == Portal.Domain.Security.PortalRoles.Admin ? "admin@component.test" : await ctx.AddUserAsync($"{role.ToLowerInvariant()}@component.test", role));
        ctx.Popovers = ctx.Render<MudPopoverProvider>();
        ctx.Dialogs = ctx.Render<MudDialogProvider>();
        ctx.Snackbars = ctx.Render<MudSnackbarProvider>();
        return ctx;
    }
}

/// <summary>A bUnit context over a running portal's services; dispose it with <c>await using</c>.</summary>
public sealed class PortalTestContext : BunitContext
{
    private readonly WebApplication _app;
    private readonly string _dataDirectory;

    internal PortalTestContext(WebApplication app, string dataDirectory)
    {
        _app = app;
        _dataDirectory = dataDirectory;
        Scope = app.Services.CreateAsyncScope();
    }

    internal AsyncServiceScope Scope { get; }
    internal TestAuthenticationStateProvider Auth { get; } = new();

    /// <summary>The portal's own services (root), for arranging data and reading it back.</summary>
    public IServiceProvider Portal => _app.Services;
    public string DataDirectory => _dataDirectory;
    /// <summary>The signed-in user as the components see it (anonymous until a sign-in).</summary>
    public ClaimsPrincipal User => Auth.Principal;
    public IRenderedComponent<MudPopoverProvider> Popovers { get; internal set; } = default!;
    /// <summary>Where open dialogs render: find their content here.</summary>
    public IRenderedComponent<MudDialogProvider> Dialogs { get; internal set; } = default!;
    public IRenderedComponent<MudSnackbarProvider> Snackbars { get; internal set; } = default!;

    /// <summary>Creates a portal user with the given role (and the harness password unless one is given); returns its email.</summary>
    public async Task<string> AddUserAsync(string email, string role, string password = PortalBunit.Password)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, CreatedAt = DateTime.UtcNow };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, role));
        return email;
    }

    /// <summary>Signs an existing user in: the components see the principal Identity would issue for them (id, name, role, stamp).</summary>
    public async Task SignInAsync(string email)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No user {email}.");
        Auth.Set(await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<PortalUser>>().CreateAsync(user));
    }

    public T Service<T>() where T : notnull => Scope.ServiceProvider.GetRequiredService<T>();

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        await Scope.DisposeAsync();
        try { await _app.StopAsync(); } catch (InvalidOperationException) { /* never started */ }
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}

/// <summary>The signed-in user of a component test; changing it notifies AuthorizeView and the cascading state.</summary>
public sealed class TestAuthenticationStateProvider : AuthenticationStateProvider
{
    public ClaimsPrincipal Principal { get; private set; } = new(new ClaimsIdentity());

    public void Set(ClaimsPrincipal principal)
    {
        Principal = principal;
        NotifyAuthenticationStateChanged(GetAuthenticationStateAsync());
    }

    public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(Principal));
}
