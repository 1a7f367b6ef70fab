namespace Portal.Cspm.Checks.KeyVault;

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
