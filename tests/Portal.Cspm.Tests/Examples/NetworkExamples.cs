using System.Text.Json.Nodes;
using static Portal.Cspm.Tests.Arm;

namespace Portal.Cspm.Tests;

public static partial class Examples
{
    public const string NsgId = "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/networkSecurityGroups/nsg1";
    public const string NicId = "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/test-nic";
    public const string NicNsgId = "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/networkSecurityGroups/nsg";
    public const string VnetId = "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/rg1-vnet";
    public const string PipId = "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/publicIPAddresses/testDNS-ip";

    /// <summary>nsg1 of NetworkSecurityGroupListAll.json (no custom rules, Azure's default rules).</summary>
    public static JsonNode Nsg() => Item("network/NetworkSecurityGroupListAll.json", 0);

    /// <summary>rule1 of NetworkSecurityGroupRuleGet.json (Allow inbound TCP/any 80 from '*'), edited.</summary>
    public static JsonNode Rule(string name, string port, string source = "*", string protocol = "*", string access = "Allow", int priority = 130)
    {
        var r = Body("network/NetworkSecurityGroupRuleGet.json");
        r["name"] = name;
        r["id"] = NsgId + "/securityRules/" + name;
        return r.With("properties.destinationPortRange", port).With("properties.sourceAddressPrefix", source)
            .With("properties.protocol", protocol).With("properties.access", access).With("properties.priority", priority);
    }

    public static JsonNode NsgWith(params JsonNode[] rules) => Nsg().With("properties.securityRules", Array(rules));

    private static Example NsgPort(string checkId, string port, string protocol = "Tcp") => Ex(checkId, NsgId,
        () => Set(NsgWith(Rule("open-from-office", port, source: "203.0.113.0/24", protocol: protocol))),
        () => Set(NsgWith(Rule("open-to-world", port, source: "Internet", protocol: protocol))), "open-to-world");

    /// <summary>NetworkInterfaceGet.json (public IP on ipconfig1, NIC NSG "nsg", subnet rg1-vnet/default) with its NSGs and VNet.</summary>
    public static ResourceSet NicScenario(JsonNode? subnetNsgRule, JsonNode? nicNsgRule)
    {
        var nic = Body("network/NetworkInterfaceGet.json");
        var nicNsg = Nsg().With("id", NicNsgId).With("name", "nsg").With("properties.securityRules", nicNsgRule is null ? Array() : Array(nicNsgRule));
        var subnetNsg = Nsg().With("id", NsgId).With("properties.securityRules", subnetNsgRule is null ? Array() : Array(subnetNsgRule));
        var vnet = Parse($$$"""
            {"id":"{{{VnetId}}}","name":"rg1-vnet","type":"Microsoft.Network/virtualNetworks","location":"eastus",
             "properties":{"addressSpace":{"addressPrefixes":["172.20.0.0/16"]},
               "subnets":[{"name":"default","id":"{{{VnetId}}}/subnets/default","properties":{"addressPrefix":"172.20.2.0/24","networkSecurityGroup":{"id":"{{{NsgId}}}"} } } ] } }
            """);
        return Set(nic, nicNsg, subnetNsg, vnet);
    }

    private static IEnumerable<Example> Network()
    {
        yield return NsgPort("azure-nsg-rdp-internet", "3389");
        yield return NsgPort("azure-nsg-ssh-internet", "22");
        yield return NsgPort("azure-nsg-udp-internet", "53", "Udp");
        yield return NsgPort("azure-nsg-http-internet", "443");
        yield return NsgPort("azure-nsg-sql-internet", "1433");
        yield return NsgPort("azure-nsg-database-ports-internet", "5432");
        yield return NsgPort("azure-nsg-smb-internet", "445");
        yield return NsgPort("azure-nsg-winrm-internet", "5985-5986");
        yield return NsgPort("azure-nsg-ftp-telnet-internet", "23");
        yield return Ex("azure-nsg-any-port-internet", NsgId,
            () => Set(NsgWith(Rule("web", "443", source: "*", protocol: "Tcp"))),
            () => Set(NsgWith(Rule("allow-all", "*", source: "0.0.0.0/0"))), "allow-all");

        // Effective flow: subnet NSG allows 3389 from the Internet; the NIC NSG decides.
        yield return Ex("azure-nic-effective-rdp-internet", NicId,
            () => NicScenario(Rule("allow-rdp", "3389", "*", "Tcp"), Rule("deny-rdp", "3389", "Internet", "Tcp", "Deny", 100)),
            () => NicScenario(Rule("allow-rdp", "3389", "*", "Tcp"), Rule("allow-rdp-nic", "3389", "Any", "Tcp")), "ALLOWED");
        yield return Ex("azure-nic-effective-ssh-internet", NicId,
            () => NicScenario(null, Rule("allow-ssh", "22", "198.51.100.7/32", "Tcp")),
            () => NicScenario(Rule("allow-ssh", "22", "0.0.0.0/0", "Tcp"), Rule("allow-ssh", "22", "*", "Tcp")), "ALLOWED");

        // the subnet of NetworkInterfaceGet.json (rg1-vnet/default) in its virtual network, with and without an NSG
        JsonNode VnetWithSubnet(bool nsg)
        {
            var vnet = Parse($$$"""
                {"id":"{{{VnetId}}}","name":"rg1-vnet","type":"Microsoft.Network/virtualNetworks","location":"eastus",
                 "properties":{"addressSpace":{"addressPrefixes":["172.20.0.0/16"]},
                   "subnets":[{"name":"default","id":"{{{VnetId}}}/subnets/default","properties":{"addressPrefix":"172.20.2.0/24","networkSecurityGroup":{"id":"{{{NsgId}}}"} } },
                              {"name":"GatewaySubnet","id":"{{{VnetId}}}/subnets/GatewaySubnet","properties":{"addressPrefix":"172.20.255.0/27"} } ] } }
                """);
            if (!nsg) vnet["properties"]!["subnets"]![0]!["properties"]!.AsObject().Remove("networkSecurityGroup");
            return vnet;
        }
        yield return Ex("azure-network-subnet-nsg", VnetId + "/subnets/default", () => Set(VnetWithSubnet(true)), () => Set(VnetWithSubnet(false)), "networkSecurityGroup = (absent)");

        var vnet = Parse($$$"""{"id":"{{{VnetId}}}","name":"rg1-vnet","type":"Microsoft.Network/virtualNetworks","location":"eastus","properties":{"subnets":[]}}""");
        var watcher = Parse("""{"id":"/subscriptions/subid/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_eastus","name":"NetworkWatcher_eastus","type":"Microsoft.Network/networkWatchers","location":"eastus","properties":{"provisioningState":"Succeeded"}}""");
        yield return Ex("azure-network-watcher-enabled", "/subscriptions/subid",
            () => Set(vnet, watcher),
            () => Set(vnet, watcher.Copy().With("location", "westus")), "eastus");

        JsonNode FlowLog(int days, bool enabled = true, bool analytics = false) => Parse($$$"""
            {"id":"/subscriptions/subid/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_westus/flowLogs/fl1","name":"fl1",
             "type":"Microsoft.Network/networkWatchers/flowLogs","location":"westus",
             "properties":{"targetResourceId":"{{{NsgId}}}","storageId":"/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/flowlogs","enabled":true,
               "retentionPolicy":{"days":{{{days}}},"enabled":{{{(enabled ? "true" : "false")}}}},"format":{"type":"JSON","version":2},
               "flowAnalyticsConfiguration":{"networkWatcherFlowAnalyticsConfiguration":{"enabled":{{{(analytics ? "true" : "false")}}},"workspaceResourceId":"/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.OperationalInsights/workspaces/law","trafficAnalyticsInterval":10} } } }
            """);
        yield return Ex("azure-nsg-flowlog-retention-90", NsgId, () => Set(Nsg(), FlowLog(90)), () => Set(Nsg(), FlowLog(30)), "days = 30");
        yield return Ex("azure-nsg-flowlog-log-analytics", NsgId, () => Set(Nsg(), FlowLog(90, analytics: true)), () => Set(Nsg(), FlowLog(90)));

        var pip = Body("network/PublicIpAddressGet.json");
        yield return Ex("azure-public-ip-unassociated", PipId, () => Set(pip), () => Set(pip.Copy().With("properties.ipConfiguration", null)));
        yield return Ex("azure-public-ip-basic-sku", PipId, () => Set(pip.Copy().With("sku", Parse("""{"name":"Standard","tier":"Regional"}"""))),
            () => Set(pip.Copy().With("sku", Parse("""{"name":"Basic","tier":"Regional"}"""))), "Basic");
        var lb = Parse("""{"id":"/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/loadBalancers/lb","name":"lb","type":"Microsoft.Network/loadBalancers","location":"westus","sku":{"name":"Standard","tier":"Regional"},"properties":{"frontendIPConfigurations":[]}}""");
        yield return Ex("azure-load-balancer-basic-sku", "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/loadBalancers/lb",
            () => Set(lb), () => Set(lb.Copy().With("sku.name", "Basic")));
        var bastion = Parse("""{"id":"/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/bastionHosts/bastion","name":"bastion","type":"Microsoft.Network/bastionHosts","location":"westus","sku":{"name":"Standard"},"properties":{"ipConfigurations":[]}}""");
        yield return Ex("azure-bastion-host-exists", "/subscriptions/subid", () => Set(bastion, Nsg()), () => Set(Nsg()), "no Microsoft.Network/bastionHosts");
    }
}

