namespace Portal.Cspm;

/// <summary>Diagnostic settings (Microsoft.Insights/diagnosticSettings) attached to a resource or subscription.</summary>
public static class DiagnosticSettings
{
    public static IEnumerable<ResourceConfig> For(string resourceId, IResourceSet resources) =>
        resources.ChildrenOf(resourceId, ResourceTypes.DiagnosticSetting);

    /// <summary>True when the setting sends somewhere (workspace, storage, event hub or partner) at all.</summary>
    public static bool HasDestination(ResourceConfig s) =>
        new[] { "workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "marketplacePartnerId" }
            .Any(p => !string.IsNullOrEmpty(s.Json.Str("properties." + p)));

    /// <summary>True when the log category is enabled by name or through one of the category groups (e.g. "allLogs", "audit").</summary>
    public static bool LogEnabled(ResourceConfig s, string category, params string[] groups) =>
        s.Json.Arr("properties.logs").Any(l => l.Bool("enabled") == true &&
            (l.Str("category").Is(category) || groups.Any(g => l.Str("categoryGroup").Is(g))));

    public static IEnumerable<string> EnabledLogs(ResourceConfig s) =>
        s.Json.Arr("properties.logs").Where(l => l.Bool("enabled") == true).Select(l => l.Str("category") ?? "group:" + l.Str("categoryGroup"));
}
