using System.Net;

namespace Portal.Cspm.Checks.Sql;

public sealed class SqlDatabaseTde : ResourceCheck
{
    public override CheckMetadata Metadata { get; } = Meta("azure-sql-database-tde", "SQL database transparent data encryption is off", Severity.High, "SQL",
        ResourceTypes.SqlDatabase,
        "Every user database (not master) must have transparentDataEncryption/current with state = Enabled.",
        "Database files, backups and logs are stored unencrypted and readable by whoever obtains them.",
        "SQL databases > select the database > Security > Transparent data encryption > Data encryption = On > Save.",
        "az sql db tde set -g <resource-group> -s <server> -d <database> --status Enabled",
        "5.1.5");
    public override IReadOnlyList<string> Reads => new[] { ResourceTypes.SqlTde };

    protected override Outcome? Evaluate(ResourceConfig db, IResourceSet resources)
    {
        if (db.Name.Is("master")) return null;
        var tde = resources.ChildrenOf(db.Id, ResourceTypes.SqlTde).FirstOrDefault();
        if (tde is null) return Outcome.Fail("transparentDataEncryption/current not in the synced configuration: TDE not shown as enabled");
        return Outcome.When(tde.Json.Str("properties.state").Is("Enabled"), "transparentDataEncryption/" + tde.Name + ": " + tde.Show("properties.state"));
    }
}
