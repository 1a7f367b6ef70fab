namespace Portal.Cspm.Checks.Defender;

public sealed class DefenderForSqlDatabases : DefenderPlanCheck
{
    public override string Plan => "SqlServers";
    protected override CheckMetadata Build() => Plan_("azure-defender-sql-databases", "Microsoft Defender for Azure SQL Databases is off", "3.1.7.3", "SQL injection, brute force and vulnerable configurations of Azure SQL are not detected.");
}
