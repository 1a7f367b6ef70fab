using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Portal.Data.Identity;
using Portal.Domain.Accounts;
using Portal.Domain.ApiTokens;
using Portal.Domain.Inventory;
using Portal.Domain.Auditing;
using Portal.Domain.Risks;

namespace Portal.Data;

/// <summary>The portal's own database: accounts, audit trail, API tokens and (later) inventory.</summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : IdentityDbContext<PortalUser>(options)
{
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<CloudAccount> CloudAccounts => Set<CloudAccount>();
    public DbSet<Host> Hosts => Set<Host>();
    public DbSet<CloudResource> CloudResources => Set<CloudResource>();
    public DbSet<ResourceChange> ResourceChanges => Set<ResourceChange>();
    public DbSet<RiskResult> RiskResults => Set<RiskResult>();
    public DbSet<RiskTrendPoint> RiskTrendPoints => Set<RiskTrendPoint>();
    public DbSet<WhitelistEntry> WhitelistEntries => Set<WhitelistEntry>();
    // Playbooks (schema 6): mapped in PlaybookMapping.
    public DbSet<Portal.Domain.Playbooks.Alert> Alerts => Set<Portal.Domain.Playbooks.Alert>();
    public DbSet<Portal.Domain.Playbooks.Playbook> Playbooks => Set<Portal.Domain.Playbooks.Playbook>();
    public DbSet<Portal.Domain.Playbooks.PlaybookRun> PlaybookRuns => Set<Portal.Domain.Playbooks.PlaybookRun>();
    public DbSet<Portal.Domain.Response.ContainmentAction> ContainmentActions => Set<Portal.Domain.Response.ContainmentAction>();
    public DbSet<Portal.Domain.Response.ProtectedTarget> ProtectedTargets => Set<Portal.Domain.Response.ProtectedTarget>();
    // Agentless detection (schema 7): mapped in AgentlessMapping.
    public DbSet<Portal.Domain.Agentless.AgentlessScan> AgentlessScans => Set<Portal.Domain.Agentless.AgentlessScan>();
    public DbSet<Portal.Domain.Agentless.AgentlessScanTarget> AgentlessScanTargets => Set<Portal.Domain.Agentless.AgentlessScanTarget>();
    public DbSet<Portal.Domain.Agentless.AgentlessDiskScan> AgentlessDiskScans => Set<Portal.Domain.Agentless.AgentlessDiskScan>();
    public DbSet<Portal.Domain.Agentless.AgentlessVolumeScan> AgentlessVolumeScans => Set<Portal.Domain.Agentless.AgentlessVolumeScan>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ConfigurePlaybooks();
        ContainmentMapping.Configure(builder);
        AgentlessMapping.Configure(builder);

        builder.Entity<AuditEntry>(e =>
        {
            e.ToTable("AuditEntries");
            e.HasKey(x => x.Id);
            e.Property(x => x.Actor).HasMaxLength(256);
            e.Property(x => x.Action).HasMaxLength(128);
            e.Property(x => x.Target).HasMaxLength(1024);
            e.Property(x => x.Outcome).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Source).HasMaxLength(64);
            e.Property(x => x.Detail).HasMaxLength(4000);
            e.HasIndex(x => x.OccurredAt);
            e.HasIndex(x => x.Action);
        });

        builder.Entity<ApiToken>(e =>
        {
            e.ToTable("ApiTokens");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Role).HasMaxLength(16);
            e.Property(x => x.TokenHash).HasMaxLength(64);
            e.Property(x => x.Prefix).HasMaxLength(16);
            e.Property(x => x.CreatedBy).HasMaxLength(256);
            e.HasIndex(x => x.TokenHash).IsUnique();
        });

        builder.Entity<CloudAccount>(e =>
        {
            e.ToTable("CloudAccounts");
            e.HasKey(x => x.Id);
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Cloud).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.TenantId).HasMaxLength(256);
            e.Property(x => x.ClientId).HasMaxLength(64);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.LastErrorCode).HasMaxLength(64);
            e.Property(x => x.CreatedBy).HasMaxLength(256);
            e.Property(x => x.Subscriptions).HasJsonConversion();
            e.Property(x => x.Features).HasJsonConversion();
            e.Property(x => x.Policy).HasJsonConversion();
            e.Property(x => x.KnownRegions).HasJsonConversion();
            e.Property(x => x.Readiness).HasJsonConversion();
        });

        builder.Entity<Host>(e =>
        {
            e.ToTable("Hosts");
            e.HasKey(x => x.Id);
            e.Property(x => x.ResourceId).HasMaxLength(512);
            e.Property(x => x.Name).HasMaxLength(128);
            e.Property(x => x.SubscriptionId).HasMaxLength(64);
            e.Property(x => x.ResourceGroup).HasMaxLength(128);
            e.Property(x => x.Location).HasMaxLength(64);
            e.Property(x => x.VmSize).HasMaxLength(64);
            e.Property(x => x.OsType).HasMaxLength(16);
            e.Property(x => x.PowerState).HasMaxLength(32);
            e.Property(x => x.PrivateIps).HasJsonConversion();
            e.Property(x => x.PublicIps).HasJsonConversion();
            e.Property(x => x.NicIds).HasJsonConversion();
            e.Property(x => x.NsgIds).HasJsonConversion();
            e.Property(x => x.Tags).HasJsonConversion();
            // Lower-cased name, group, id, IPs and tags ("key":"value"), written by the store: one column to search.
            e.Property<string>(Stores.HostSearch.Column).IsRequired();
            e.HasOne<CloudAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.AccountId, x.ResourceId }).IsUnique();
            e.HasIndex(x => new { x.Removed, x.Name });
            e.HasIndex(x => x.Location);
            e.HasIndex(x => x.PowerState);
        });

        builder.Entity<CloudResource>(e =>
        {
            e.ToTable("CloudResources");
            e.HasKey(x => x.Id);
            e.Property(x => x.ResourceId).HasMaxLength(1024);
            e.Property(x => x.Type).HasMaxLength(256);
            e.Property(x => x.Service).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(256);
            e.Property(x => x.SubscriptionId).HasMaxLength(64);
            e.Property(x => x.ResourceGroup).HasMaxLength(128);
            e.Property(x => x.Location).HasMaxLength(64);
            e.Property(x => x.Tags).HasJsonConversion();
            e.Property(x => x.ConfigHash).HasMaxLength(64);
            // Lower-cased name, group, type, id and tags ("key=value"), written by the store: one column to search.
            e.Property<string>(Stores.ResourceSearch.Column).IsRequired();
            e.HasOne<CloudAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.AccountId, x.ResourceId }).IsUnique();
            e.HasIndex(x => new { x.AccountId, x.SubscriptionId });
            e.HasIndex(x => new { x.Removed, x.Type, x.Name });
            e.HasIndex(x => new { x.Removed, x.Service, x.Name });
        });

        builder.Entity<ResourceChange>(e =>
        {
            e.ToTable("ResourceChanges");
            e.HasKey(x => x.Id);
            e.Property(x => x.ResourceId).HasMaxLength(1024);
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.ConfigHash).HasMaxLength(64);
            e.HasOne<CloudAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.AccountId, x.ResourceId, x.ChangedAt });
        });

        builder.Entity<RiskResult>(e =>
        {
            e.ToTable("RiskResults");
            e.HasKey(x => x.Id);
            e.Property(x => x.CheckId).HasMaxLength(128);
            e.Property(x => x.ResourceId).HasMaxLength(1024);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.Evidence).HasMaxLength(4000);
            e.HasOne<CloudAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.AccountId, x.CheckId });
            e.HasIndex(x => x.CheckId);
        });

        builder.Entity<RiskTrendPoint>(e =>
        {
            e.ToTable("RiskTrendPoints");
            e.HasKey(x => x.Id);
            e.Property(x => x.FailedBySeverity).HasJsonConversion();
            e.Property(x => x.FailedByService).HasJsonConversion();
            e.HasOne<CloudAccount>().WithMany().HasForeignKey(x => x.AccountId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(x => new { x.AccountId, x.At });
            e.HasIndex(x => x.At);
        });

        builder.Entity<WhitelistEntry>(e =>
        {
            e.ToTable("WhitelistEntries");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.Scope);
            e.Property(x => x.CheckId).HasMaxLength(128);
            e.Property(x => x.ScopeType).HasConversion<string>().HasMaxLength(16);
            e.Property(x => x.ScopeValue).HasMaxLength(1024);
            e.Property(x => x.Reason).HasMaxLength(1000);
            e.Property(x => x.CreatedBy).HasMaxLength(256);
            e.Property(x => x.UpdatedBy).HasMaxLength(256);
            e.Property(x => x.RemovedBy).HasMaxLength(256);
            e.HasIndex(x => new { x.RemovedAt, x.CheckId });
            e.HasIndex(x => x.CreatedAt);
        });
    }
}
