namespace Portal.Cspm.Checks.KeyVault;

public sealed class KeyVaultSoftDelete : SettingCheck
{
    protected override string Path => "properties.enableSoftDelete";
    protected override bool Compliant(string? v) => v is null || v.Is("true"); // default true; cannot be turned off on current API versions
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-soft-delete", "Key vault soft delete is disabled", Severity.High, "KeyVault",
        ResourceTypes.KeyVault,
        "properties.enableSoftDelete must be true (the default) so deleted vaults, keys, secrets and certificates can be recovered.",
        "A deleted vault or key is immediately and permanently lost, making every resource encrypted with it unreadable.",
        "Key vaults > select the vault > Settings > Properties > Soft-delete: enable it (it cannot be disabled afterwards).",
        "az keyvault update -g <resource-group> -n <vault> --enable-soft-delete true",
        "3.3.5");
}

public sealed class KeyVaultPurgeProtection : SettingCheck
{
    protected override string Path => "properties.enablePurgeProtection";
    protected override bool Compliant(string? v) => v.Is("true");
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-purge-protection", "Key vault purge protection is disabled", Severity.High, "KeyVault",
        ResourceTypes.KeyVault,
        "properties.enablePurgeProtection must be true so soft-deleted objects cannot be purged before the retention period ends.",
        "Without purge protection a malicious or compromised administrator can permanently destroy keys (crypto-shredding the data they protect).",
        "Key vaults > select the vault > Settings > Properties > 'Enable purge protection' > Save (irreversible).",
        "az keyvault update -g <resource-group> -n <vault> --enable-purge-protection true",
        "3.3.5");
}

public sealed class KeyVaultRbacAuthorization : SettingCheck
{
    protected override string Path => "properties.enableRbacAuthorization";
    protected override bool Compliant(string? v) => v.Is("true");
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-rbac", "Key vault uses access policies instead of Azure RBAC", Severity.Medium, "KeyVault",
        ResourceTypes.KeyVault,
        "properties.enableRbacAuthorization must be true so data-plane access is governed by Azure RBAC (PIM, conditional access, central review) instead of vault access policies.",
        "Vault access policies are coarse, cannot be time-bound with PIM and anyone with Contributor on the vault can grant themselves data access.",
        "Key vaults > select the vault > Settings > Access configuration > Permission model = Azure role-based access control > Apply (assign Key Vault roles first).",
        "az keyvault update -g <resource-group> -n <vault> --enable-rbac-authorization true",
        "3.3.6");
}

public sealed class KeyVaultPublicNetworkAccess : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-public-network-access", "Key vault is open to public networks", Severity.Medium, "KeyVault",
        ResourceTypes.KeyVault,
        "properties.publicNetworkAccess must be Disabled, or the firewall (properties.networkAcls.defaultAction) must be Deny.",
        "A vault reachable from any network can be attacked with stolen tokens from anywhere on the Internet.",
        "Key vaults > select the vault > Settings > Networking > Firewalls and virtual networks: 'Disable public access' or 'Allow public access from specific virtual networks and IP addresses' > Apply.",
        "az keyvault update -g <resource-group> -n <vault> --public-network-access Disabled   # or: --default-action Deny",
        "3.3.7");

    protected override Outcome? Evaluate(ResourceConfig v, IResourceSet resources)
    {
        var pna = v.Json.Str("properties.publicNetworkAccess");
        var def = v.Json.Str("properties.networkAcls.defaultAction");
        return Outcome.When(pna.Is("Disabled") || def.Is("Deny"), $"properties.publicNetworkAccess = {pna ?? "(absent: Enabled)"}, properties.networkAcls.defaultAction = {def ?? "(absent: Allow)"}");
    }
}

public sealed class KeyVaultPrivateEndpoint : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-private-endpoint", "Key vault has no approved private endpoint", Severity.Medium, "KeyVault",
        ResourceTypes.KeyVault,
        "properties.privateEndpointConnections must contain at least one Approved connection.",
        "Without a private endpoint, clients reach the vault over its public endpoint and the vault cannot be closed to public networks.",
        "Key vaults > select the vault > Settings > Networking > Private endpoint connections > + Create.",
        "az network private-endpoint create -g <resource-group> -n <pe> --vnet-name <vnet> --subnet <subnet> --private-connection-resource-id <vault-id> --group-id vault --connection-name <name>",
        "3.3.7");

    protected override Outcome? Evaluate(ResourceConfig v, IResourceSet resources) => PrivateLinks.Evaluate(v);
}

public sealed class KeyVaultLogging : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-keyvault-logging", "Key vault audit logging is not enabled", Severity.Medium, "KeyVault",
        ResourceTypes.KeyVault,
        "The vault must have a diagnostic setting with a destination that enables the AuditEvent category (or the 'audit'/'allLogs' category group).",
        "Without AuditEvent logs nobody can tell who read which secret or used which key.",
        "Key vaults > select the vault > Monitoring > Diagnostic settings > + Add diagnostic setting > tick 'audit' (AuditEvent) > send to a Log Analytics workspace > Save.",
        "az monitor diagnostic-settings create -n kv-audit --resource <vault-id> --workspace <workspace-id> --logs '[{\"categoryGroup\":\"audit\",\"enabled\":true}]'",
        "6.1.4");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.DiagnosticSetting };

    protected override Outcome? Evaluate(ResourceConfig v, IResourceSet resources)
    {
        var settings = DiagnosticSettings.For(v.Id, resources).Where(DiagnosticSettings.HasDestination).ToList();
        var ok = settings.FirstOrDefault(s => DiagnosticSettings.LogEnabled(s, "AuditEvent", "audit", "allLogs"));
        if (ok is not null) return Outcome.Pass($"diagnostic setting '{ok.Name}' logs {string.Join(", ", DiagnosticSettings.EnabledLogs(ok))}");
        return Outcome.Fail(settings.Count == 0 ? "no diagnostic setting with a destination on the vault" : $"diagnostic setting '{settings[0].Name}' does not enable AuditEvent");
    }
}
