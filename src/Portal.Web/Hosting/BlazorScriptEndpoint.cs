namespace Portal.Web.Hosting;

/// <summary>Serves Blazor's client script that the build extracted and embedded (wwwroot-assets/blazor-script).</summary>
public static class BlazorScriptEndpoint
{
    private const string Resource = "_framework/blazor.web.js";

    public static IEndpointRouteBuilder MapBlazorClientScript(this IEndpointRouteBuilder app)
    {
#if EXTRACTED_BLAZOR_SCRIPT
        var script = ReadScript();
        var etag = $"\"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(script))[..16]}\"";
        app.MapGet("/" + Resource, (HttpContext ctx) =>
        {
            ctx.Response.Headers.ETag = etag;
            ctx.Response.Headers.CacheControl = "no-cache";
            return ctx.Request.Headers.IfNoneMatch == etag
                ? Results.StatusCode(StatusCodes.Status304NotModified)
                : Results.Bytes(script, "text/javascript");
        }).AllowAnonymous().ExcludeFromDescription();
#endif
        return app;
    }

    private static byte[] ReadScript()
    {
        using var stream = typeof(BlazorScriptEndpoint).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The build did not embed {Resource}; see wwwroot-assets/blazor-script.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
