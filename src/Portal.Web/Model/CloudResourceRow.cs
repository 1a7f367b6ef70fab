using System.Text.Encodings.Web;
using System.Text.Json;
using Portal.Domain.Risks;

namespace Portal.Web.Model;

/// <summary>A synced cloud resource as the Cloud resources table shows it (without its configuration).</summary>
public sealed class CloudResourceRow
{
    public Guid Id { get; set; }
    public string ResourceId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Type { get; set; } = "";
    public string Service { get; set; } = "";
    public string Account { get; set; } = "";
    public string? ResourceGroup { get; set; }
    public string? Location { get; set; }
    public string Tags { get; set; } = "";
    public DateTime LastSeen { get; set; }
    public bool Removed { get; set; }

    public static CloudResourceRow From(CloudResource r, string account) => new()
    {
        Id = r.Id, ResourceId = r.ResourceId, Name = r.Name, Type = r.Type, Service = r.Service, Account = account, ResourceGroup = r.ResourceGroup, Location = r.Location,
        Tags = string.Join(", ", r.Tags.Select(t => $"{t.Key}={t.Value}")), LastSeen = r.LastSeen, Removed = r.Removed,
    };

    // Relaxed escaping keeps quotes and '+' readable (etags, SAS-like values); Blazor HTML-encodes the text when it renders it.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The stored configuration indented for reading; stored text that is not JSON is shown as it is.</summary>
    public static string PrettyJson(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(doc.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
