namespace Portal.Cspm.Checks.Storage;

internal static class BlobServiceOf
{
    public static ResourceConfig? Get(ResourceConfig account, IResourceSet resources) =>
        resources.ChildrenOf(account.Id, ResourceTypes.BlobService).FirstOrDefault();
}

internal static class Kinds
{
    /// <summary>FileStorage accounts have no blob service.</summary>
    public static bool HasBlobs(ResourceConfig account) => !(account.Json.Str("kind")).Is("FileStorage");
}
