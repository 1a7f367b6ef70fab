using System.Text.Json;

namespace Portal.Cspm;

/// <summary>In-memory, indexed <see cref="IResourceSet"/>: type, id and (parent, child type) lookups are dictionary hits,
/// so a check only ever touches the resources of the types it reads.</summary>
public sealed class ResourceSet : IResourceSet
{
    private static readonly StringComparer Cmp = StringComparer.OrdinalIgnoreCase;
    private readonly Dictionary<string, ResourceConfig> _byId = new(Cmp);
    private readonly Dictionary<string, List<ResourceConfig>> _byType = new(Cmp);
    private readonly Dictionary<string, List<ResourceConfig>> _children = new(Cmp);
    private readonly List<string> _subscriptions = new();

    public ResourceSet(IEnumerable<ResourceConfig> items)
    {
        foreach (var item in items) _byId[item.Id] = item; // the last copy of a duplicate id wins
        var subs = new HashSet<string>(Cmp);
        foreach (var r in _byId.Values)
        {
            Add(_byType, r.Type, r);
            var parent = ArmId.ParentOf(r.Id);
            if (parent is not null) Add(_children, ChildKey(parent, r.Type), r);
            if (!string.IsNullOrEmpty(r.SubscriptionId) && subs.Add(r.SubscriptionId)) _subscriptions.Add(r.SubscriptionId);
        }
    }

    public int Count => _byId.Count;

    public IEnumerable<ResourceConfig> All => _byId.Values;

    public IEnumerable<ResourceConfig> OfType(string type) =>
        _byType.TryGetValue(type, out var list) ? list : Array.Empty<ResourceConfig>();

    public ResourceConfig? Get(string id) => _byId.GetValueOrDefault(id) ?? (id.StartsWith('/') ? null : _byId.GetValueOrDefault("/" + id));

    public IEnumerable<ResourceConfig> ChildrenOf(string parentId, string childType) =>
        _children.TryGetValue(ChildKey(parentId.TrimEnd('/'), childType), out var list) ? list : Array.Empty<ResourceConfig>();

    public IEnumerable<string> SubscriptionIds => _subscriptions;

    /// <summary>Builds a set from ARM objects (e.g. the items of a list response).</summary>
    public static ResourceSet FromArm(IEnumerable<JsonElement> armObjects) => new(armObjects.Select(FromArmJson));

    /// <summary>Turns one ARM object into a <see cref="ResourceConfig"/>: subscription and resource group come from the id;
    /// a missing "type" is derived from the id. Where ARM returns a singleton child with its parent's id (e.g. transparentDataEncryption
    /// "current" is returned with the database id), the id is completed with the child type and name so it is unique.</summary>
    public static ResourceConfig FromArmJson(JsonElement armObject)
    {
        if (armObject.ValueKind != JsonValueKind.Object) throw new ArgumentException("An ARM resource must be a JSON object.", nameof(armObject));
        var json = armObject.Clone();
        var id = json.Str("id") ?? throw new ArgumentException("The ARM object has no id.", nameof(armObject));
        var idType = ArmId.TypeOf(id);
        var type = json.Str("type");
        var name = json.Str("name");
        if (string.IsNullOrEmpty(type)) type = idType;
        else if (name is not null && SegmentCount(type) > SegmentCount(idType) && type.StartsWith(idType + "/", StringComparison.OrdinalIgnoreCase))
            id = id.TrimEnd('/') + "/" + type[(type.LastIndexOf('/') + 1)..] + "/" + name;
        if (!id.StartsWith('/')) id = "/" + id;
        name ??= id[(id.LastIndexOf('/') + 1)..];
        var tags = new Dictionary<string, string>(Cmp);
        if (json.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Object)
            foreach (var p in t.EnumerateObject()) tags[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        return new ResourceConfig(id, type, name, json.Str("location"), ArmId.SubscriptionOf(id) ?? json.Str("subscriptionId") ?? "",
            ArmId.ResourceGroupOf(id), tags, json);
    }

    private static int SegmentCount(string type) => type.Count(c => c == '/');

    private static string ChildKey(string parentId, string childType) => parentId + "|" + childType;

    private static void Add(Dictionary<string, List<ResourceConfig>> map, string key, ResourceConfig r)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = new List<ResourceConfig>();
        list.Add(r);
    }
}
