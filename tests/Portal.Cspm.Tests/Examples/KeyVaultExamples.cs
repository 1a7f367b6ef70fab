using System.Text.Json.Nodes;
using static Portal.Cspm.Tests.Arm;

namespace Portal.Cspm.Tests;

public static partial class Examples
{
    public const string VaultId = SubScope + "/resourceGroups/sample-group/providers/Microsoft.KeyVault/vaults/sample-vault";

    /// <summary>sample-vault of listVaultBySubscription.json (access policies, soft delete on, no purge protection).</summary>
    public static JsonNode Vault() => Item("keyvault/listVaultBySubscription.json");

    /// <summary>A key or secret as the ARM management plane returns it (Keys_Get / Secrets_Get shape).</summary>
    public static JsonNode VaultObject(string kind, string name, long? exp, bool rotate = false)
    {
        var attrs = exp is null ? """{"enabled":true,"created":1596493796}""" : $$$"""{"enabled":true,"created":1596493796,"exp":{{{exp}}}}""";
        var rotation = rotate ? ""","rotationPolicy":{"attributes":{"expiryTime":"P1Y"},"lifetimeActions":[{"trigger":{"timeAfterCreate":"P90D"},"action":{"type":"rotate"}},{"trigger":{"timeBeforeExpiry":"P30D"},"action":{"type":"notify"}}]}""" : "";
        return Parse($$$"""
            {"id":"{{{VaultId}}}/{{{kind}}}/{{{name}}}","name":"{{{name}}}","type":"Microsoft.KeyVault/vaults/{{{kind}}}","location":"westus",
             "properties":{"attributes":{{{attrs}}},"{{{(kind == "keys" ? "keyUri" : "secretUri")}}}":"https://sample-vault.vault.azure.net/{{{kind}}}/{{{name}}}"{{{rotation}}}}}
            """);
    }

    private const long Exp2030 = 1893456000;

    private static IEnumerable<Example> KeyVault()
    {
        yield return Ex("azure-keyvault-soft-delete", VaultId, () => Set(Vault()), () => Set(Vault().With("properties.enableSoftDelete", false)), "false");
        yield return Ex("azure-keyvault-purge-protection", VaultId, () => Set(Vault().With("properties.enablePurgeProtection", true)), () => Set(Vault()), "(absent)");
        yield return Ex("azure-keyvault-rbac", VaultId, () => Set(Vault().With("properties.enableRbacAuthorization", true)), () => Set(Vault()));
        yield return Ex("azure-keyvault-public-network-access", VaultId,
            () => Set(Vault().With("properties.publicNetworkAccess", "Disabled")),
            () => Set(Vault().With("properties.networkAcls", Parse("""{"bypass":"AzureServices","defaultAction":"Allow","ipRules":[],"virtualNetworkRules":[]}"""))));
        yield return Ex("azure-keyvault-private-endpoint", VaultId,
            () => Set(Vault().With("properties.privateEndpointConnections", Parse("""[{"id":"pec1","properties":{"privateEndpoint":{"id":"pe"},"privateLinkServiceConnectionState":{"status":"Approved"}}}]"""))),
            () => Set(Vault()));
        yield return Ex("azure-keyvault-logging", VaultId,
            () => Set(Vault(), Diag(VaultId, "kv-audit", "group:audit")),
            () => Set(Vault(), Diag(VaultId, "kv-metrics-only")));
        var rbacVault = Vault().With("properties.enableRbacAuthorization", true);
        yield return Ex("azure-keyvault-key-expiry-rbac", VaultId + "/keys/k1",
            () => Set(rbacVault, VaultObject("keys", "k1", Exp2030)), () => Set(rbacVault, VaultObject("keys", "k1", null)), "never expires");
        yield return Ex("azure-keyvault-key-expiry-nonrbac", VaultId + "/keys/k1",
            () => Set(Vault(), VaultObject("keys", "k1", Exp2030)), () => Set(Vault(), VaultObject("keys", "k1", null)), "never expires");
        yield return Ex("azure-keyvault-secret-expiry-rbac", VaultId + "/secrets/s1",
            () => Set(rbacVault, VaultObject("secrets", "s1", Exp2030)), () => Set(rbacVault, VaultObject("secrets", "s1", null)));
        yield return Ex("azure-keyvault-secret-expiry-nonrbac", VaultId + "/secrets/s1",
            () => Set(Vault(), VaultObject("secrets", "s1", Exp2030)), () => Set(Vault(), VaultObject("secrets", "s1", null)));
        yield return Ex("azure-keyvault-key-auto-rotation", VaultId + "/keys/k1",
            () => Set(Vault(), VaultObject("keys", "k1", Exp2030, rotate: true)), () => Set(Vault(), VaultObject("keys", "k1", Exp2030)));
    }
}
