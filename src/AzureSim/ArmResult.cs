using System.Text;
using System.Text.Json.Nodes;

namespace AzureSim;

/// <summary>A response produced by an ARM handler.</summary>
internal sealed class ArmResult
{
    public int Status { get; init; }
    public JsonNode? Body { get; init; }
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static ArmResult Ok(JsonNode? body, int status = 200) => new() { Status = status, Body = body };
    public static ArmResult Empty(int status) => new() { Status = status };

    public static ArmResult Error(int status, string code, string message, JsonArray? details = null, string? target = null)
    {
        var err = J.O(("code", code), ("message", message));
        if (target != null) err["target"] = target;
        if (details != null) err["details"] = details;
        return new() { Status = status, Body = J.O(("error", err)) };
    }

    public ArmResult With(string header, string value) { Headers[header] = value; return this; }

    public async Task WriteAsync(HttpContext ctx)
    {
        ctx.Response.StatusCode = Status;
        foreach (var (k, v) in Headers) ctx.Response.Headers[k] = v;
        if (Body != null)
        {
            ctx.Response.ContentType = "application/json; charset=utf-8";
            var bytes = Encoding.UTF8.GetBytes(Body.ToJsonString());
            ctx.Response.ContentLength = bytes.Length;
            await ctx.Response.Body.WriteAsync(bytes);
        }
        else
        {
            ctx.Response.ContentLength = 0;
        }
    }
}

internal static class ArmErrors
{
    public static ArmResult SubscriptionNotFound(string sub) =>
        ArmResult.Error(404, "SubscriptionNotFound", $"The subscription '{sub}' could not be found.");

    public static ArmResult ResourceGroupNotFound(string rg) =>
        ArmResult.Error(404, "ResourceGroupNotFound", $"Resource group '{rg}' could not be found.");

    public static ArmResult ResourceNotFound(string type, string name, string? rg) =>
        ArmResult.Error(404, "ResourceNotFound", $"The Resource '{type}/{name}' under resource group '{rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");

    public static ArmResult InvalidRequestContent(string detail) =>
        ArmResult.Error(400, "InvalidRequestContent", $"The request content was invalid and could not be deserialized: '{detail}'.");

    public static ArmResult MissingApiVersion() =>
        ArmResult.Error(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
}
