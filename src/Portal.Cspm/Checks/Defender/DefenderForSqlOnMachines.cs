namespace Portal.Cspm.Checks.Defender;

public sealed class DefenderForSqlOnMachines : DefenderPlanCheck
{
    public override string Plan => "SqlServerVirtualMachines";
    protected override CheckMetadata Build() => Plan_("azure-defender-sql-on-machines", "Microsoft Defender for SQL servers on machines is off", "3.1.7.4", "Attacks on SQL Server running in VMs are not detected.", Severity.Medium);
}
