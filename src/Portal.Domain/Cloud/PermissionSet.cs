using System.Text.RegularExpressions;

namespace Portal.Domain.Cloud;

/// <summary>One entry of Microsoft.Authorization/permissions: what one role assignment grants.</summary>
public sealed record PermissionEntry(IReadOnlyList<string> Actions, IReadOnlyList<string> NotActions)
{
    /// <summary>True when an action matches <see cref="Actions"/> and no pattern of <see cref="NotActions"/>.</summary>
    public bool Allows(string action) =>
        Actions.Any(a => AzureActionPattern.Matches(a, action)) && !NotActions.Any(n => AzureActionPattern.Matches(n, action));
}

/// <summary>
/// The caller's effective control-plane permissions at a scope, as Azure reports them
/// (one entry per role assignment). An action is allowed when any entry allows it.
/// </summary>
public sealed record PermissionSet(IReadOnlyList<PermissionEntry> Entries)
{
    public static PermissionSet Empty { get; } = new([]);

    public static PermissionSet Of(IEnumerable<string> actions, IEnumerable<string>? notActions = null) =>
        new([new PermissionEntry(actions.ToList(), (notActions ?? []).ToList())]);

    public bool IsAllowed(string action) => Entries.Any(e => e.Allows(action));

    /// <summary>The actions of <paramref name="required"/> this set does not allow, in their given order.</summary>
    public IReadOnlyList<string> Missing(IEnumerable<string> required) => required.Where(a => !IsAllowed(a)).ToList();
}

/// <summary>Azure RBAC action matching: case-insensitive; '*' matches any run of characters, '/' included.</summary>
public static class AzureActionPattern
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> Cache = new(StringComparer.OrdinalIgnoreCase);

    public static bool Matches(string pattern, string action)
    {
        if (string.IsNullOrEmpty(pattern)) return false;
        if (pattern == "*") return true;
        if (!pattern.Contains('*')) return string.Equals(pattern, action, StringComparison.OrdinalIgnoreCase);
        var rx = Cache.GetOrAdd(pattern, p => new Regex(
            "^" + Regex.Escape(p).Replace("\\*", ".*") + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant));
        return rx.IsMatch(action);
    }
}
