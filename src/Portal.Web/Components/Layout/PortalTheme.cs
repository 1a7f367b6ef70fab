using MudBlazor;

namespace Portal.Web.Components.Layout;

/// <summary>
/// The product's one MudTheme. The page head also carries the light and dark palettes scoped to
/// <c>html.portal-light</c> / <c>html.portal-dark</c>: the inline script in App.razor sets that class from the
/// saved choice (or the system preference) before first paint, so the prerendered page has the right colours
/// before the circuit (and the layout's own MudThemeProvider) is up.
/// </summary>
public static class PortalTheme
{
    public const string DarkClass = "portal-dark";
    public const string LightClass = "portal-light";

    public static readonly MudTheme Theme = Create(":root");
    /// <summary>Both palettes under a class selector, for the page head (they outrank :root while the class is set).</summary>
    public static readonly MudTheme ScopedLight = Create($"html.{LightClass}");
    public static readonly MudTheme ScopedDark = Create($"html.{DarkClass}");

    private static MudTheme Create(string scope) => new()
    {
        PseudoCss = new PseudoCss { Scope = scope },
        PaletteLight = new PaletteLight
        {
            Primary = "#0f6cbd",
            Secondary = "#5c2d91",
            Tertiary = "#008575",
            Info = "#0b6a9f",
            Success = "#107c10",
            Warning = "#b35c00",
            Error = "#c50f1f",
            AppbarBackground = "#10233f",
            AppbarText = "#ffffff",
            Background = "#f4f6f9",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#24292f",
            DrawerIcon = "#4a5568",
            TextPrimary = "#1b1f24",
            TextSecondary = "#57606a",
            LinesDefault = "#d8dee4",
            TableLines = "#e4e8ec",
            Divider = "#d8dee4",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#4ea8f0",
            Secondary = "#b18be0",
            Tertiary = "#3cc7b4",
            Info = "#5bb5e8",
            Success = "#54b054",
            Warning = "#f0a030",
            Error = "#f1707b",
            AppbarBackground = "#0b1626",
            AppbarText = "#e6edf3",
            Background = "#0f141b",
            BackgroundGray = "#161c24",
            Surface = "#161c24",
            DrawerBackground = "#121820",
            DrawerText = "#d0d7de",
            DrawerIcon = "#9aa5b1",
            TextPrimary = "#e6edf3",
            TextSecondary = "#9aa5b1",
            LinesDefault = "#30363d",
            TableLines = "#2a3038",
            Divider = "#30363d",
        },
        LayoutProperties = new LayoutProperties
        {
            DrawerWidthLeft = "248px",
            DrawerMiniWidthLeft = "60px",
            AppbarHeight = "56px",
            DefaultBorderRadius = "6px",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                // No web fonts are fetched: the system UI font of each platform.
                FontFamily = ["Segoe UI", "system-ui", "-apple-system", "Ubuntu", "Cantarell", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
    };
}
