using System.Text.Json.Nodes;

namespace AzureSim.Seeds;

/// <summary>Deterministic generator for large tenants ("large:&lt;vmCount&gt;"): ~5.4 resources per VM (VM, NIC, OS disk, two data disks, a public IP for every third VM) plus per-group networks and services.</summary>
public static class LargeSeed
{
    public static SeedDocument Generate(int vmCount)
    {
        var doc = new SeedDocument();
        var demo = SeedLoader.Resolve("demo");
        // same identities as the demo seed, so the same clients work
        doc.Tenants = demo.Tenants;
        doc.Subscriptions = demo.Subscriptions;
        doc.CustomRoles = demo.CustomRoles;
        doc.Clients = demo.Clients;
        var regions = new[] { "eastus", "eastus2", "westus2", "centralus", "northeurope", "westeurope", "uksouth", "southeastasia" };
        var perGroup = 100;
        var groups = Math.Max(1, (vmCount + perGroup - 1) / perGroup);
        var rnd = new Random(20261121);
        for (var g = 0; g < groups; g++)
        {
            var rg = $"rg-scale-{g:D4}";
            var region = regions[g % regions.Length];
            doc.ResourceGroups.Add(new SeedGroup { Name = rg, Location = region, Tags = new() { ["env"] = g % 5 == 0 ? "dev" : "prod", ["costCenter"] = $"CC{1000 + g % 37}" } });
            var nsg = new SeedNsg { Rg = rg, Name = $"nsg-scale-{g:D4}" };
            nsg.Rules.Add(new SeedRule { Name = "AllowHttpsInbound", Priority = 100, Protocol = "Tcp", Source = "Internet", DestinationPort = "443" });
            if (g % 7 == 0) nsg.Rules.Add(new SeedRule { Name = "AllowRdpFromInternet", Priority = 110, Protocol = "Tcp", Source = "*", DestinationPort = "3389" });
            if (g % 11 == 0) nsg.Rules.Add(new SeedRule { Name = "AllowSshFromInternet", Priority = 120, Protocol = "Tcp", Source = "Internet", DestinationPort = "22" });
            nsg.Rules.Add(new SeedRule { Name = "AllowCorpInbound", Priority = 200, Protocol = "*", Source = "10.0.0.0/8", DestinationPort = "*" });
            doc.NetworkSecurityGroups.Add(nsg);
            doc.VirtualNetworks.Add(new SeedVnet
            {
                Rg = rg, Name = $"vnet-scale-{g:D4}", AddressPrefix = $"10.{g % 250}.0.0/16",
                Subnets = [new SeedSubnet { Name = "default", Prefix = $"10.{g % 250}.0.0/20", Nsg = nsg.Name }],
            });
            doc.Resources.Add(new SeedResource { Type = "Microsoft.Storage/storageAccounts", Rg = rg, Name = $"stscale{g:D4}{(uint)(g * 2654435761u) % 10000:D4}", Properties = g % 9 == 0 ? new JsonObject { ["allowBlobPublicAccess"] = true, ["minimumTlsVersion"] = "TLS1_0" } : null });
            doc.Resources.Add(new SeedResource { Type = "Microsoft.KeyVault/vaults", Rg = rg, Name = $"kv-scale-{g:D4}", Properties = g % 13 == 0 ? new JsonObject { ["enablePurgeProtection"] = false, ["enableRbacAuthorization"] = false } : null });
            var inGroup = Math.Min(perGroup, vmCount - g * perGroup);
            for (var i = 0; i < inGroup; i++)
            {
                var n = g * perGroup + i;
                var win = n % 3 == 0;
                doc.Vms.Add(new SeedVm
                {
                    Rg = rg, Name = $"vm-{(win ? "w" : "l")}-{n:D6}", Os = win ? "Windows" : "Linux",
                    Size = (n % 4) switch { 0 => "Standard_D2s_v5", 1 => "Standard_D4s_v5", 2 => "Standard_B2ms", _ => "Standard_E4s_v5" },
                    Power = rnd.Next(10) switch { 0 => "deallocated", 1 => "stopped", _ => "running" },
                    Vnet = $"vnet-scale-{g:D4}", Subnet = "default", Nsg = n % 5 == 0 ? nsg.Name : null,
                    PublicIp = n % 3 == 1, DataDisks = 2,
                    Tags = new() { ["app"] = $"app{n % 50:D2}", ["owner"] = $"team{n % 12:D2}" },
                });
            }
        }
        return doc;
    }
}
