namespace Portal.Cspm.Checks.Defender;

/// <summary>Base for "Defender plan X is On": Microsoft.Security/pricings/{plan} of the subscription has pricingTier = Standard.
/// A plan missing from the synced pricings is reported Failed (Free is the default).</summary>
public abstract class DefenderPlanCheck : SubscriptionCheck
{
    public abstract string Plan { get; }
    private CheckMetadata? _metadata;
    public sealed override CheckMetadata Metadata => _metadata ??= Build();
    protected abstract CheckMetadata Build();

    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var p = Pricing(resources, sub, Plan);
        if (p is null) return Outcome.Fail($"pricings/{Plan} not in the synced configuration (Free by default)");
        var tier = p.Json.Str("properties.pricingTier");
        var sub2 = p.Json.Str("properties.subPlan");
        return Outcome.When(tier.Is("Standard"), $"pricings/{Plan}: properties.pricingTier = {tier ?? "(absent)"}{(sub2 is null ? "" : ", subPlan = " + sub2)}");
    }

    public static ResourceConfig? Pricing(IResourceSet resources, string sub, string plan) =>
        InSubscription(resources, ResourceTypes.Pricing, sub).FirstOrDefault(p => p.Name.Is(plan));

    protected CheckMetadata Plan_(string id, string title, string cis, string risk, Severity severity = Severity.High) =>
        Meta(id, title, severity, "Defender", ResourceTypes.Pricing,
            $"Microsoft.Security/pricings/{Plan} must have properties.pricingTier = Standard.",
            risk,
            $"Microsoft Defender for Cloud > Environment settings > select the subscription > Defender plans > set the '{Plan}' plan to On > Save.",
            $"az security pricing create -n {Plan} --tier Standard",
            cis);
}

public sealed class DefenderForServers : DefenderPlanCheck
{
    public override string Plan => "VirtualMachines";
    protected override CheckMetadata Build() => Plan_("azure-defender-servers", "Microsoft Defender for Servers is off", "3.1.3.1", "VMs get no EDR, vulnerability assessment or threat detection.");
}

public sealed class DefenderForContainers : DefenderPlanCheck
{
    public override string Plan => "Containers";
    protected override CheckMetadata Build() => Plan_("azure-defender-containers", "Microsoft Defender for Containers is off", "3.1.4.1", "Kubernetes clusters and container images get no runtime threat detection or vulnerability assessment.");
}

public sealed class DefenderForStorage : DefenderPlanCheck
{
    public override string Plan => "StorageAccounts";
    protected override CheckMetadata Build() => Plan_("azure-defender-storage", "Microsoft Defender for Storage is off", "3.1.5.1", "Malware uploads and anomalous access to storage accounts are not detected.");
}

public sealed class DefenderForAppService : DefenderPlanCheck
{
    public override string Plan => "AppServices";
    protected override CheckMetadata Build() => Plan_("azure-defender-app-service", "Microsoft Defender for App Service is off", "3.1.6.1", "Attacks on web apps (dangling DNS, web shells, suspicious requests) are not detected.");
}

public sealed class DefenderForCosmosDb : DefenderPlanCheck
{
    public override string Plan => "CosmosDbs";
    protected override CheckMetadata Build() => Plan_("azure-defender-cosmosdb", "Microsoft Defender for Azure Cosmos DB is off", "3.1.7.1", "SQL injection and anomalous access to Cosmos DB are not detected.", Severity.Medium);
}

public sealed class DefenderForOpenSourceDatabases : DefenderPlanCheck
{
    public override string Plan => "OpenSourceRelationalDatabases";
    protected override CheckMetadata Build() => Plan_("azure-defender-open-source-databases", "Microsoft Defender for open-source relational databases is off", "3.1.7.2", "Brute force and anomalous access to PostgreSQL/MySQL/MariaDB are not detected.", Severity.Medium);
}

public sealed class DefenderForSqlDatabases : DefenderPlanCheck
{
    public override string Plan => "SqlServers";
    protected override CheckMetadata Build() => Plan_("azure-defender-sql-databases", "Microsoft Defender for Azure SQL Databases is off", "3.1.7.3", "SQL injection, brute force and vulnerable configurations of Azure SQL are not detected.");
}

public sealed class DefenderForSqlOnMachines : DefenderPlanCheck
{
    public override string Plan => "SqlServerVirtualMachines";
    protected override CheckMetadata Build() => Plan_("azure-defender-sql-on-machines", "Microsoft Defender for SQL servers on machines is off", "3.1.7.4", "Attacks on SQL Server running in VMs are not detected.", Severity.Medium);
}

public sealed class DefenderForKeyVault : DefenderPlanCheck
{
    public override string Plan => "KeyVaults";
    protected override CheckMetadata Build() => Plan_("azure-defender-key-vault", "Microsoft Defender for Key Vault is off", "3.1.8.1", "Unusual access to secrets and keys (e.g. from a TOR exit node) is not detected.");
}

public sealed class DefenderForResourceManager : DefenderPlanCheck
{
    public override string Plan => "Arm";
    protected override CheckMetadata Build() => Plan_("azure-defender-resource-manager", "Microsoft Defender for Resource Manager is off", "3.1.9.1", "Suspicious control-plane operations (mass deletion, exploitation toolkits) are not detected.");
}

public sealed class DefenderCspm : DefenderPlanCheck
{
    public override string Plan => "CloudPosture";
    protected override CheckMetadata Build() => Meta("azure-defender-cspm", "Defender CSPM (Cloud Security Posture Management) plan is off", Severity.Low, "Defender", ResourceTypes.Pricing,
        "Microsoft.Security/pricings/CloudPosture should have properties.pricingTier = Standard.",
        "Without Defender CSPM there is no attack-path analysis, agentless scanning or sensitive-data discovery.",
        "Microsoft Defender for Cloud > Environment settings > select the subscription > Defender plans > Defender CSPM = On > Save.",
        "az security pricing create -n CloudPosture --tier Standard");
}

public sealed class DefenderForDns : SubscriptionCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-defender-dns", "[Legacy] Microsoft Defender for DNS is off", Severity.Low, "Defender",
        ResourceTypes.Pricing,
        "Microsoft.Security/pricings/Dns must be Standard, or Defender for Servers Plan 2 (pricings/VirtualMachines Standard, subPlan P2), which now includes DNS threat detection.",
        "DNS-based exfiltration and communication with malicious domains are not detected.",
        "Microsoft Defender for Cloud > Environment settings > select the subscription > Defender plans > Servers = On with Plan 2 (DNS protection is included).",
        "az security pricing create -n VirtualMachines --tier Standard --subplan P2",
        "3.1.16");
    protected override Outcome Evaluate(string sub, IResourceSet resources)
    {
        var dns = DefenderPlanCheck.Pricing(resources, sub, "Dns");
        var vm = DefenderPlanCheck.Pricing(resources, sub, "VirtualMachines");
        var dnsTier = dns?.Json.Str("properties.pricingTier");
        var vmP2 = vm is not null && vm.Json.Str("properties.pricingTier").Is("Standard") && vm.Json.Str("properties.subPlan").Is("P2");
        return Outcome.When(dnsTier.Is("Standard") || vmP2,
            $"pricings/Dns: pricingTier = {dnsTier ?? "(absent)"}; pricings/VirtualMachines: pricingTier = {vm?.Json.Str("properties.pricingTier") ?? "(absent)"}, subPlan = {vm?.Json.Str("properties.subPlan") ?? "(absent)"}");
    }
}
