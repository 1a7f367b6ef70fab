using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Portal.Web.Hosting;

/// <summary>
/// /healthz as JSON. Anyone (a load balancer, a container probe) gets the overall and per-check status; only a signed-in
/// caller (cookie or API token) gets the checks' descriptions and timings, which can name hosts, versions or errors.
/// </summary>
public static class HealthResponseWriter
{
    public static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        var detailed = context.User.Identity?.IsAuthenticated == true;
        object body = detailed
            ? new
            {
                status = report.Status.ToString(),
                totalDurationMs = (int)report.TotalDuration.TotalMilliseconds,
                checks = report.Entries.ToDictionary(e => e.Key, e => (object)new
                {
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description ?? e.Value.Exception?.GetBaseException().Message,
                    durationMs = (int)e.Value.Duration.TotalMilliseconds,
                }),
            }
            : new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => (object)new { status = e.Value.Status.ToString() }),
            };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
