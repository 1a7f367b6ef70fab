using System.IO.Compression;
using System.Text.Json;

namespace Portal.Detection.Vulnerabilities.Osv;

/// <summary>An advisory file that could not be read: which file, and what is wrong with it.</summary>
public sealed record OsvReadError(string File, string Reason);

public sealed record OsvReadResult(IReadOnlyList<OsvAdvisory> Advisories, IReadOnlyList<OsvReadError> Errors);

/// <summary>
/// Reads OSV advisories from what a user imports: one OSV JSON document (an advisory, or an array of them) or a zip of
/// such documents as osv.dev publishes per ecosystem (<c>{ecosystem}/all.zip</c>). A bad file is reported with its name
/// and reason and the others are still read; a zip entry larger than <see cref="MaxEntryBytes"/> is refused unread.
/// </summary>
public static class OsvReader
{
    public const long MaxEntryBytes = 16 * 1024 * 1024;
    public const int MaxEntries = 500_000;

    public static OsvReadResult Read(Stream content, string fileName)
    {
        var advisories = new List<OsvAdvisory>();
        var errors = new List<OsvReadError>();
        if (fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            ZipArchive zip;
            try { zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true); }
            catch (InvalidDataException ex) { return new([], [new(fileName, $"not a zip archive ({ex.Message})")]); }
            using (zip)
            {
                var entries = zip.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).ToList();
                if (entries.Count > MaxEntries) return new([], [new(fileName, $"holds {entries.Count} JSON files; at most {MaxEntries} are read from one archive")]);
                foreach (var entry in entries)
                {
                    var name = $"{fileName}/{entry.FullName}";
                    if (entry.Length > MaxEntryBytes) { errors.Add(new(name, $"is {entry.Length} bytes; an advisory file may be at most {MaxEntryBytes} bytes")); continue; }
                    try
                    {
                        using var s = entry.Open();
                        ReadDocument(s, name, advisories, errors);
                    }
                    catch (InvalidDataException ex) { errors.Add(new(name, $"cannot be unpacked ({ex.Message})")); }
                }
                if (entries.Count == 0) errors.Add(new(fileName, "holds no .json file"));
            }
        }
        else ReadDocument(content, fileName, advisories, errors);
        return new(advisories, errors);
    }

    private static void ReadDocument(Stream s, string name, List<OsvAdvisory> advisories, List<OsvReadError> errors)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(s, new JsonDocumentOptions { MaxDepth = 64 }); }
        catch (JsonException ex) { errors.Add(new(name, $"is not valid JSON (line {ex.LineNumber + 1}: {ex.Message.Split(" LineNumber")[0]})")); return; }
        using (doc)
        {
            var items = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToList() : [doc.RootElement];
            for (var i = 0; i < items.Count; i++)
            {
                var label = items.Count > 1 ? $"{name}[{i}]" : name;
                try { advisories.Add(Parse(items[i])); }
                catch (OsvFormatException ex) { errors.Add(new(label, ex.Message)); }
            }
        }
    }

    /// <summary>One advisory object; throws <see cref="OsvFormatException"/> naming the field that is wrong.</summary>
    public static OsvAdvisory Parse(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new OsvFormatException("is not an OSV advisory (a JSON object with 'id' and 'modified')");
        var id = RequiredString(e, "id", "id");
        var affected = new List<OsvAffected>();
        if (e.TryGetProperty("affected", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var a in list.EnumerateArray()) affected.Add(ParseAffected(a, $"{id}: affected[{i++}]"));
        }
        return new OsvAdvisory
        {
            Id = id,
            Summary = OptionalString(e, "summary"),
            Details = OptionalString(e, "details"),
            Aliases = Strings(e, "aliases"),
            Upstream = Strings(e, "upstream"),
            Published = Time(e, "published", id),
            Modified = Time(e, "modified", id),
            Withdrawn = Time(e, "withdrawn", id),
            Affected = affected,
            Severity = Severities(e),
            References = e.TryGetProperty("references", out var refs) && refs.ValueKind == JsonValueKind.Array
                ? refs.EnumerateArray().Select(r => OptionalString(r, "url")).OfType<string>().ToList() : [],
        };
    }

    private static OsvAffected ParseAffected(JsonElement a, string where)
    {
        if (!a.TryGetProperty("package", out var package) || package.ValueKind != JsonValueKind.Object)
            throw new OsvFormatException($"{where}.package is missing");
        var ranges = new List<OsvRange>();
        if (a.TryGetProperty("ranges", out var rs) && rs.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var r in rs.EnumerateArray()) ranges.Add(ParseRange(r, $"{where}.ranges[{i++}]"));
        }
        return new OsvAffected
        {
            Ecosystem = RequiredString(package, "ecosystem", $"{where}.package.ecosystem"),
            Package = RequiredString(package, "name", $"{where}.package.name"),
            Ranges = ranges,
            Versions = Strings(a, "versions"),
            Severity = Severities(a),
            SeverityLabel = Label(a, "ecosystem_specific") ?? Label(a, "database_specific"),
        };
    }

    private static OsvRange ParseRange(JsonElement r, string where)
    {
        var type = RequiredString(r, "type", $"{where}.type") switch
        {
            "ECOSYSTEM" => OsvRangeType.Ecosystem,
            "SEMVER" => OsvRangeType.Semver,
            "GIT" => OsvRangeType.Git,
            var other => throw new OsvFormatException($"{where}.type '{other}' is not ECOSYSTEM, SEMVER or GIT"),
        };
        if (!r.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
            throw new OsvFormatException($"{where}.events is missing");
        var list = new List<OsvEvent>();
        var i = 0;
        foreach (var ev in events.EnumerateArray())
        {
            var at = $"{where}.events[{i++}]";
            if (ev.ValueKind != JsonValueKind.Object) throw new OsvFormatException($"{at} is not an object");
            var props = ev.EnumerateObject().ToList();
            if (props.Count != 1) throw new OsvFormatException($"{at} must have exactly one of introduced, fixed, last_affected, limit");
            var kind = props[0].Name switch
            {
                "introduced" => OsvEventKind.Introduced,
                "fixed" => OsvEventKind.Fixed,
                "last_affected" => OsvEventKind.LastAffected,
                "limit" => OsvEventKind.Limit,
                var other => throw new OsvFormatException($"{at}: '{other}' is not introduced, fixed, last_affected or limit"),
            };
            if (props[0].Value.ValueKind != JsonValueKind.String || props[0].Value.GetString() is not { Length: > 0 } version)
                throw new OsvFormatException($"{at}.{props[0].Name} must be a non-empty string");
            list.Add(new OsvEvent(kind, version));
        }
        if (!list.Any(e => e.Kind == OsvEventKind.Introduced)) throw new OsvFormatException($"{where} has no 'introduced' event");
        return new OsvRange(type, list);
    }

    private static string RequiredString(JsonElement e, string property, string where) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s : throw new OsvFormatException($"{where} is missing or not a string");

    private static string? OptionalString(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IReadOnlyList<string> Strings(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList() : [];

    private static DateTimeOffset? Time(JsonElement e, string property, string id)
    {
        if (OptionalString(e, property) is not { } text) return null;
        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
            ? t : throw new OsvFormatException($"{id}: {property} '{text}' is not an RFC 3339 time");
    }

    private static IReadOnlyList<OsvSeverity> Severities(JsonElement e) =>
        e.TryGetProperty("severity", out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(s => (Type: OptionalString(s, "type"), Score: OptionalString(s, "score")))
                .Where(s => s.Type is not null && s.Score is not null).Select(s => new OsvSeverity(s.Type!, s.Score!)).ToList()
            : [];

    private static string? Label(JsonElement a, string property) =>
        a.TryGetProperty(property, out var o) && o.ValueKind == JsonValueKind.Object
            ? OptionalString(o, "severity") ?? OptionalString(o, "urgency") : null;
}

public sealed class OsvFormatException(string message) : Exception(message);
