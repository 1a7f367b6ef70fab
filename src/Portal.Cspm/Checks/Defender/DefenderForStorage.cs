namespace Portal.Cspm.Checks.Defender;

public sealed class DefenderForStorage : DefenderPlanCheck
{
    public override string Plan => "StorageAccounts";
    protected override CheckMetadata Build() => Plan_("azure-defender-storage", "Microsoft Defender for Storage is off", "3.1.5.1", "Malware uploads and anomalous access to storage accounts are not detected.");
}
