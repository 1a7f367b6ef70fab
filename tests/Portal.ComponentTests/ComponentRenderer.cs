using System.Security.Claims;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Web.Security;

namespace Portal.ComponentTests;

/// <summary>Renders a component to HTML with the framework's HtmlRenderer, as a user with the given role, and parses it with AngleSharp.</summary>
public static class ComponentRenderer
{
    public static async Task<IDocument> RenderAsync<TComponent>(string? role, IDictionary<string, object?>? parameters = null, string currentPath = "")
        where TComponent : IComponent
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthorizationCore();
        new AuthorizationBuilder(services).AddPortalPolicies();
        services.AddSingleton<NavigationManager>(new FixedNavigationManager(currentPath));
        await using var provider = services.BuildServiceProvider();
        await using var renderer = new HtmlRenderer(provider, provider.GetRequiredService<ILoggerFactory>());

        var identity = role is null ? new ClaimsIdentity() : new ClaimsIdentity([new Claim(ClaimTypes.Name, "user@test"), new Claim(ClaimTypes.Role, role)], "test");
        var authState = Task.FromResult(new AuthenticationState(new ClaimsPrincipal(identity)));
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<CascadingValue<Task<AuthenticationState>>>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                ["Value"] = authState,
                ["ChildContent"] = (RenderFragment)(b =>
                {
                    b.OpenComponent<TComponent>(0);
                    var seq = 1;
                    foreach (var (k, v) in parameters ?? new Dictionary<string, object?>()) b.AddAttribute(seq++, k, v);
                    b.CloseComponent();
                }),
            }));
            return output.ToHtmlString();
        });
        return new HtmlParser().ParseDocument($"<html><body>{html}</body></html>");
    }

    private sealed class FixedNavigationManager : NavigationManager
    {
        public FixedNavigationManager(string path) => Initialize("http://portal.test/", "http://portal.test/" + path);
    }
}
