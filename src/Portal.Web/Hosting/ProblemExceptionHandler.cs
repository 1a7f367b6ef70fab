using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Portal.Web.Security;

namespace Portal.Web.Hosting;

/// <summary>Turns API failures into problem details: malformed bodies get a 400 naming the problem, the rest a 500 without internals.</summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            // A form post without a valid antiforgery token (or otherwise malformed): say so instead of a 500.
            if (exception is not BadHttpRequestException badForm) return false;
            context.Response.StatusCode = badForm.StatusCode;
            await context.Response.WriteAsync(badForm.InnerException is Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException
                ? "This form has expired or was not sent by this portal. Go back, reload the page and try again."
                : "The request could not be read: " + badForm.Message, ct);
            return true;
        }
        if (exception is BadHttpRequestException bad)
        {
            var detail = bad.InnerException is JsonException json
                ? $"The request body is not valid JSON for this endpoint: {json.Message}"
                : bad.Message;
            await ApiProblems.Write(context, bad.StatusCode, "Bad request", detail, "bad_request");
            return true;
        }
        logger.LogError(exception, "Unhandled API error on {Method} {Path}", context.Request.Method, context.Request.Path);
        await ApiProblems.Write(context, 500, "Internal error", "The portal hit an unexpected error; it is logged with this request's trace id.", "internal_error");
        return true;
    }
}
