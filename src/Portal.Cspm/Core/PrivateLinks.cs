namespace Portal.Cspm;

/// <summary>Private endpoint connections embedded in a resource (properties.privateEndpointConnections).</summary>
public static class PrivateLinks
{
    public static Outcome Evaluate(ResourceConfig r)
    {
        var conns = r.Json.Arr("properties.privateEndpointConnections").ToList();
        var approved = conns.Where(c => c.Str("properties.privateLinkServiceConnectionState.status").Is("Approved")).Select(c => c.Str("name") ?? c.Str("id") ?? "?").ToList();
        return approved.Count > 0
            ? Outcome.Pass($"properties.privateEndpointConnections: {approved.Count} approved ({string.Join(", ", approved.Take(3))})")
            : Outcome.Fail($"properties.privateEndpointConnections: {conns.Count} connection(s), none Approved");
    }
}

