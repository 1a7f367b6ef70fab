namespace Portal.Domain.Cloud;

/// <summary>How a secret shows in a record's ToString: whether there is one, never what it is.</summary>
public static class Secrets
{
    public static string Mask(string? secret) => string.IsNullOrEmpty(secret) ? "(none)" : "***";
}
