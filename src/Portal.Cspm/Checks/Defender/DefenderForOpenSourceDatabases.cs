namespace Portal.Cspm.Checks.Defender;

public sealed class DefenderForOpenSourceDatabases : DefenderPlanCheck
{
    public override string Plan => "OpenSourceRelationalDatabases";
    protected override CheckMetadata Build() => Plan_("azure-defender-open-source-databases", "Microsoft Defender for open-source relational databases is off", "3.1.7.2", "Brute force and anomalous access to PostgreSQL/MySQL/MariaDB are not detected.", Severity.Medium);
}
