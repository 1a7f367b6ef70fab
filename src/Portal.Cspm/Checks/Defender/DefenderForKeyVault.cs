namespace Portal.Cspm.Checks.Defender;

public sealed class DefenderForKeyVault : DefenderPlanCheck
{
    public override string Plan => "KeyVaults";
    protected override CheckMetadata Build() => Plan_("azure-defender-key-vault", "Microsoft Defender for Key Vault is off", "3.1.8.1", "Unusual access to secrets and keys (e.g. from a TOR exit node) is not detected.");
}
