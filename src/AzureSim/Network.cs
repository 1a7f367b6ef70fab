using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AzureSim;

/// <summary>Microsoft.Network: NSGs and rules (with Azure's validation), NICs, public IPs, VNets/subnets, effective rules.</summary>
internal static partial class Network
{
    public const int MaxRulesPerNsg = 1000;

    private static readonly string[] ServiceTags =
    [
        "*", "Any", "Internet", "VirtualNetwork", "AzureLoadBalancer", "AzureCloud", "AzureTrafficManager", "Storage", "Sql", "SqlManagement",
        "AzureActiveDirectory", "AzureMonitor", "AzureKeyVault", "AzureBackup", "AzureFrontDoor.Backend", "AzureFrontDoor.Frontend",
        "GatewayManager", "ApiManagement", "AppService", "AppServiceManagement", "AzureContainerRegistry", "EventHub", "ServiceBus",
        "AzureCosmosDB", "AzureDataLake", "AzureResourceManager", "AzurePortal", "GuestAndHybridManagement", "AzureBastion", "MicrosoftContainerRegistry",
        "PowerPlatformInfra", "AzureMachineLearning", "AzureSiteRecovery", "AzureUpdateDelivery", "WindowsVirtualDesktop", "LogicApps", "DataFactory",
    ];

    [GeneratedRegex(@"^[A-Za-z0-9_](?:[A-Za-z0-9_.\-]{0,78}[A-Za-z0-9_])?$")]
    private static partial Regex NameRx();

    [GeneratedRegex(@"^(AzureCloud|Storage|Sql|AzureMonitor|AppService|EventHub|ServiceBus|AzureKeyVault|AzureCosmosDB|AzureContainerRegistry|ApiManagement|AzureBackup|DataFactory|LogicApps)\.[A-Za-z0-9]+$", RegexOptions.IgnoreCase)]
    private static partial Regex RegionalTagRx();

    // ------------------------------------------------------------------ templates
    public static JsonObject NsgTemplate(Ctx c) => J.O(("properties", J.O(
        ("resourceGuid", SimState.DeterministicGuid(c.Id)),
        ("flushConnection", false),
        ("securityRules", new JsonArray()),
        ("defaultSecurityRules", DefaultRules(c.Id)),
        ("provisioningState", "Succeeded"))));

    public static JsonObject NicTemplate(Ctx c)
    {
        var mac = SimState.DeterministicGuid(c.Id).Replace("-", "").ToUpperInvariant();
        return J.O(("properties", J.O(
            ("provisioningState", "Succeeded"),
            ("resourceGuid", SimState.DeterministicGuid(c.Id + "|guid")),
            ("ipConfigurations", new JsonArray()),
            ("dnsSettings", J.O(("dnsServers", new JsonArray()), ("appliedDnsServers", new JsonArray()), ("internalDomainNameSuffix", $"{mac[..12].ToLowerInvariant()}.bx.internal.cloudapp.net"))),
            ("macAddress", $"00-0D-3A-{mac[0..2]}-{mac[2..4]}-{mac[4..6]}"),
            ("enableAcceleratedNetworking", false),
            ("vnetEncryptionSupported", false),
            ("enableIPForwarding", false),
            ("disableTcpStateTracking", false),
            ("primary", true),
            ("hostedWorkloads", new JsonArray()),
            ("tapConfigurations", new JsonArray()),
            ("nicType", "Standard"),
            ("auxiliaryMode", "None"),
            ("auxiliarySku", "None"))));
    }

    public static JsonObject PipTemplate(Ctx c)
    {
        var h = SimState.DeterministicGuid(c.Id);
        var b = Convert.FromHexString(h.Replace("-", "")[..8]);
        return J.O(
            ("sku", J.O(("name", "Standard"), ("tier", "Regional"))),
            ("properties", J.O(
                ("provisioningState", "Succeeded"),
                ("resourceGuid", h),
                ("ipAddress", $"20.{40 + b[0] % 80}.{b[1]}.{Math.Max((int)b[2], 1)}"),
                ("publicIPAddressVersion", "IPv4"),
                ("publicIPAllocationMethod", "Static"),
                ("idleTimeoutInMinutes", 4),
                ("ipTags", new JsonArray()),
                ("ddosSettings", J.O(("protectionMode", "VirtualNetworkInherited"))))));
    }

    public static JsonObject VnetTemplate(Ctx c) => J.O(("properties", J.O(
        ("provisioningState", "Succeeded"),
        ("resourceGuid", SimState.DeterministicGuid(c.Id)),
        ("addressSpace", J.O(("addressPrefixes", J.Strs(["10.0.0.0/16"])))),
        ("subnets", new JsonArray()),
        ("virtualNetworkPeerings", new JsonArray()),
        ("enableDdosProtection", false),
        ("privateEndpointVNetPolicies", "Disabled"))));

    public static JsonArray DefaultRules(string nsgId)
    {
        JsonObject R(string name, string desc, string src, string dst, string access, int prio, string dir) => J.O(
            ("name", name),
            ("id", $"{nsgId}/defaultSecurityRules/{name}"),
            ("etag", $"W/\"{SimState.DeterministicGuid(nsgId + name)}\""),
            ("type", "Microsoft.Network/networkSecurityGroups/defaultSecurityRules"),
            ("properties", J.O(
                ("provisioningState", "Succeeded"), ("description", desc), ("protocol", "*"),
                ("sourcePortRange", "*"), ("destinationPortRange", "*"),
                ("sourceAddressPrefix", src), ("destinationAddressPrefix", dst),
                ("access", access), ("priority", prio), ("direction", dir),
                ("sourcePortRanges", new JsonArray()), ("destinationPortRanges", new JsonArray()),
                ("sourceAddressPrefixes", new JsonArray()), ("destinationAddressPrefixes", new JsonArray()))));
        return
        [
            R("AllowVnetInBound", "Allow inbound traffic from all VMs in VNET", "VirtualNetwork", "VirtualNetwork", "Allow", 65000, "Inbound"),
            R("AllowAzureLoadBalancerInBound", "Allow inbound traffic from azure load balancer", "AzureLoadBalancer", "*", "Allow", 65001, "Inbound"),
            R("DenyAllInBound", "Deny all inbound traffic", "*", "*", "Deny", 65500, "Inbound"),
            R("AllowVnetOutBound", "Allow outbound traffic from all VMs to all VMs in VNET", "VirtualNetwork", "VirtualNetwork", "Allow", 65000, "Outbound"),
            R("AllowInternetOutBound", "Allow outbound traffic from all VMs to Internet", "*", "Internet", "Allow", 65001, "Outbound"),
            R("DenyAllOutBound", "Deny all outbound traffic", "*", "*", "Deny", 65500, "Outbound"),
        ];
    }

    /// <summary>Full rule object (as stored in the NSG) from a client-supplied rule.</summary>
    public static JsonObject BuildRule(string nsgId, string name, JsonObject input)
    {
        var inProps = input.Node("properties") as JsonObject ?? new JsonObject();
        var p = inProps.Clone();
        foreach (var k in new[] { "sourcePortRanges", "destinationPortRanges", "sourceAddressPrefixes", "destinationAddressPrefixes" })
            if (J.Get(p, k) == null) p[k] = new JsonArray();
        p["provisioningState"] = "Succeeded";
        return J.O(
            ("name", name),
            ("id", $"{nsgId}/securityRules/{name}"),
            ("etag", $"W/\"{Guid.NewGuid()}\""),
            ("type", "Microsoft.Network/networkSecurityGroups/securityRules"),
            ("properties", p));
    }

    public static void NormalizeNsg(JsonObject nsg)
    {
        var id = nsg.Str("id")!;
        var p = nsg.Props();
        var rules = p.Node("securityRules") as JsonArray ?? new JsonArray();
        var normalized = new JsonArray();
        foreach (var r in rules.OfType<JsonObject>())
            normalized.Add(BuildRule(id, r.Str("name") ?? "", r));
        p["securityRules"] = normalized;
        p["defaultSecurityRules"] = DefaultRules(id);
        if (p.Node("resourceGuid") == null) p["resourceGuid"] = SimState.DeterministicGuid(id);
    }

    // ------------------------------------------------------------------ validation
    public static ArmResult? ValidateNsg(JsonObject nsg)
    {
        var rules = (nsg.Props().Node("securityRules") as JsonArray ?? []).OfType<JsonObject>().ToList();
        if (rules.Count > MaxRulesPerNsg)
            return RuleLimit(nsg.Str("id")!, rules.Count);
        for (var i = 0; i < rules.Count; i++)
        {
            var err = ValidateRule(rules[i], rules[i].Str("name") ?? "", rules.Take(i));
            if (err != null) return err;
        }
        return null;
    }

    private static ArmResult RuleLimit(string nsgId, int count) =>
        ArmResult.Error(400, "SecurityRulesLimitReached",
            $"Network security group {nsgId} has {count} security rules, which exceeds the limit of {MaxRulesPerNsg} security rules per network security group.");

    public static ArmResult? ValidateRule(JsonObject rule, string name, IEnumerable<JsonObject> others)
    {
        if (!NameRx().IsMatch(name))
            return ArmResult.Error(400, "InvalidResourceName",
                $"Resource name {name} is invalid. The name can be up to 80 characters long. It must begin with a word character, and it must end with a word character or with '_'. The name may contain word characters or '.', '-', '_'.");
        var p = rule.Node("properties") as JsonObject;
        if (p == null)
            return ArmResult.Error(400, "InvalidRequestFormat", "Cannot parse the request.", J.A([J.O(("code", "MissingJsonReferenceId"), ("message", "Value for reference id is missing. Path properties."))]));

        // enums
        var protocol = p.Str("protocol");
        if (protocol == null) return Missing(name, "protocol");
        if (!new[] { "Tcp", "Udp", "Icmp", "Esp", "Ah", "*" }.Contains(protocol, StringComparer.OrdinalIgnoreCase))
            return InvalidEnum(protocol, "SecurityRuleProtocol", "properties.protocol");
        var access = p.Str("access");
        if (access == null) return Missing(name, "access");
        if (!new[] { "Allow", "Deny" }.Contains(access, StringComparer.OrdinalIgnoreCase))
            return InvalidEnum(access, "SecurityRuleAccess", "properties.access");
        var direction = p.Str("direction");
        if (direction == null) return Missing(name, "direction");
        if (!new[] { "Inbound", "Outbound" }.Contains(direction, StringComparer.OrdinalIgnoreCase))
            return InvalidEnum(direction, "SecurityRuleDirection", "properties.direction");

        // priority
        var prioNode = p.Node("priority");
        if (prioNode == null)
            return ArmResult.Error(400, "SecurityRuleInvalidPriority", $"Security rule {name} has invalid Priority. Value provided: 0 Allowed values are from 100 to 4096.");
        int priority;
        try { priority = prioNode.GetValue<int>(); }
        catch { return InvalidEnum(prioNode.ToJsonString(), "System.Int32", "properties.priority"); }
        if (priority < 100 || priority > 4096)
            return ArmResult.Error(400, "SecurityRuleInvalidPriority", $"Security rule has invalid Priority. Value provided: {priority} Allowed values are from 100 to 4096.");
        foreach (var o in others)
        {
            var op = o.Node("properties");
            if (string.Equals(o.Str("name"), name, StringComparison.OrdinalIgnoreCase))
                return ArmResult.Error(400, "InvalidRequestFormat", "Cannot parse the request.", J.A([J.O(("code", "DuplicateResourceName"), ("message", $"Resource {name} has duplicate name."))]));
            if (op.Int("priority") == priority && string.Equals(op.Str("direction"), direction, StringComparison.OrdinalIgnoreCase))
                return ArmResult.Error(400, "SecurityRuleConflict",
                    $"Security rule {name} conflicts with rule {o.Str("name")}. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.");
        }

        // ports
        foreach (var (single, plural) in new[] { ("sourcePortRange", "sourcePortRanges"), ("destinationPortRange", "destinationPortRanges") })
        {
            var values = Values(p, single, plural);
            if (values.Count == 0)
                return ArmResult.Error(400, "SecurityRuleInvalidPortRange", $"Security rule has invalid Port range. Value provided: . Value should be an integer OR integer range with '-' delimiter. Valid range 0-65535.");
            if (p.Str(single) != null && (p.Node(plural) as JsonArray)?.Count > 0)
                return ArmResult.Error(400, "SecurityRuleParameterContainsMutuallyExclusiveValues", $"Security rule {name} has parameters {single} and {plural} which are mutually exclusive.");
            foreach (var v in values)
                if (!ValidPort(v))
                    return ArmResult.Error(400, "SecurityRuleInvalidPortRange", $"Security rule has invalid Port range. Value provided: {v}. Value should be an integer OR integer range with '-' delimiter. Valid range 0-65535.");
        }
        // prefixes
        foreach (var (single, plural) in new[] { ("sourceAddressPrefix", "sourceAddressPrefixes"), ("destinationAddressPrefix", "destinationAddressPrefixes") })
        {
            var values = Values(p, single, plural);
            var asg = (p.Node(single.StartsWith("source") ? "sourceApplicationSecurityGroups" : "destinationApplicationSecurityGroups") as JsonArray)?.Count > 0;
            if (values.Count == 0 && !asg)
                return ArmResult.Error(400, "SecurityRuleInvalidAddressPrefix", $"Security rule {name} has invalid Address prefix. Value provided: .");
            if (p.Str(single) != null && (p.Node(plural) as JsonArray)?.Count > 0)
                return ArmResult.Error(400, "SecurityRuleParameterContainsMutuallyExclusiveValues", $"Security rule {name} has parameters {single} and {plural} which are mutually exclusive.");
            foreach (var v in values)
                if (!ValidPrefix(v))
                    return ArmResult.Error(400, "SecurityRuleInvalidAddressPrefix", $"Security rule {name} has invalid Address prefix. Value provided: {v}.");
            if (values.Count > 1 && values.Any(v => v == "*" || ServiceTags.Contains(v, StringComparer.OrdinalIgnoreCase)))
                return ArmResult.Error(400, "SecurityRuleInvalidAddressPrefix", $"Security rule {name} has invalid Address prefix. Service tags and '*' cannot be combined with other prefixes in {plural}.");
        }
        return null;
    }

    private static List<string> Values(JsonNode p, string single, string plural)
    {
        var list = new List<string>();
        if (p.Str(single) is { Length: > 0 } s) list.Add(s);
        if (p.Node(plural) is JsonArray arr) list.AddRange(arr.Select(x => x?.ToString() ?? "").Where(x => x.Length > 0));
        return list;
    }

    public static bool ValidPort(string v)
    {
        if (v == "*") return true;
        var parts = v.Split('-');
        if (parts.Length > 2) return false;
        var nums = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part.Trim(), out var n) || n < 0 || n > 65535 || part.Trim().Length != part.Length) return false;
            nums.Add(n);
        }
        return nums.Count == 1 || nums[0] <= nums[1];
    }

    public static bool ValidPrefix(string v)
    {
        if (ServiceTags.Contains(v, StringComparer.OrdinalIgnoreCase) || RegionalTagRx().IsMatch(v)) return true;
        var slash = v.IndexOf('/');
        var addr = slash < 0 ? v : v[..slash];
        if (!IPAddress.TryParse(addr, out var ip)) return false;
        if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && addr.Split('.').Length != 4) return false;
        if (slash < 0) return true;
        var max = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        return int.TryParse(v[(slash + 1)..], out var len) && len >= 0 && len <= max && v[(slash + 1)..].All(char.IsDigit);
    }

    private static ArmResult Missing(string rule, string prop) =>
        ArmResult.Error(400, "InvalidRequestFormat", "Cannot parse the request.",
            J.A([J.O(("code", "MissingJsonProperty"), ("message", $"Required property '{prop}' not found in JSON. Path 'properties', security rule '{rule}'."))]));

    private static ArmResult InvalidEnum(string value, string typeName, string path) =>
        ArmResult.Error(400, "InvalidRequestFormat", "Cannot parse the request.",
            J.A([J.O(("code", "InvalidJson"), ("message", $"Error converting value \"{value}\" to type 'Microsoft.WindowsAzure.Networking.Nrp.Frontend.Contract.Csm.Public.{typeName}'. Path '{path}'."))]));

    // ------------------------------------------------------------------ embedded children: securityRules, subnets
    public static JsonObject EmbeddedView(string parentId, TypeInfo ti, JsonObject r) => r;

    public static ArmResult Embedded(ArmServer s, ArmCall c, RPath rp, TypeInfo ti)
    {
        var parentId = string.Join('/', rp.Id.Split('/').SkipLast(2));
        var name = rp.Name;
        var arrayName = ti.EmbeddedArray!;
        var st = s.State;
        string location;
        bool created;
        JsonObject result;
        lock (st.Gate)
        {
            var parent = st.GetLive(parentId);
            if (parent == null)
                return ArmResult.Error(404, "ParentResourceNotFound", $"Can not perform requested operation on nested resource. Parent resource '{rp.Names[^2]}' not found.");
            location = parent.Str("location") ?? "eastus";
            var arr = parent.Props().Node(arrayName) as JsonArray ?? new JsonArray();
            var existing = arr.OfType<JsonObject>().FirstOrDefault(r => string.Equals(r.Str("name"), name, StringComparison.OrdinalIgnoreCase));
            if (c.Method is "PUT" or "DELETE" && ArmServer.Precondition(c, existing) is { } failed) return failed;
            switch (c.Method)
            {
                case "GET":
                case "HEAD":
                    return existing == null
                        ? ArmResult.Error(404, "NotFound", $"Resource {rp.Id} not found.", new JsonArray())
                        : ArmResult.Ok(existing.Clone());
                case "DELETE":
                    if (ti.Type.EndsWith("/defaultSecurityRules", StringComparison.OrdinalIgnoreCase))
                        return ArmResult.Error(400, "CannotModifyDefaultSecurityRule", "Default security rules cannot be modified or deleted.");
                    if (existing == null) return ArmResult.Empty(204);
                    if (arrayName == "subnets" && (existing.Props().Node("ipConfigurations") as JsonArray)?.Count > 0)
                        return ArmResult.Error(400, "InUseSubnetCannotBeDeleted", $"Subnet {name} is in use by {(existing.Props().Node("ipConfigurations") as JsonArray)![0].Str("id")} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.");
                    arr.Remove(existing);
                    parent["etag"] = $"W/\"{Guid.NewGuid()}\"";
                    RefreshBackReferences(st);
                    return s.Accepted(c, rp.SubscriptionId!, "Microsoft.Network", location.ToLowerInvariant(), resultStatus: 204);
                case "PUT":
                {
                    if (ti.Type.EndsWith("/defaultSecurityRules", StringComparison.OrdinalIgnoreCase))
                        return ArmResult.Error(400, "CannotModifyDefaultSecurityRule", "Default security rules cannot be modified or deleted.");
                    if (c.Body is not JsonObject body) return ArmErrors.InvalidRequestContent("The request body must be a JSON object.");
                    JsonObject obj;
                    if (arrayName == "securityRules")
                    {
                        obj = BuildRule(parentId, name, body);
                        var others = arr.OfType<JsonObject>().Where(r => r != existing).ToList();
                        var err = ValidateRule(obj, name, others);
                        if (err != null) return err;
                        if (existing == null && others.Count + 1 > MaxRulesPerNsg) return RuleLimit(parentId, others.Count + 1);
                    }
                    else
                    {
                        obj = BuildSubnet(parentId, name, body, existing);
                        var err = ValidateSubnet(s, c, parent, obj);
                        if (err != null) return err;
                    }
                    created = existing == null;
                    if (existing != null) arr[arr.IndexOf(existing)] = obj; else arr.Add(obj);
                    parent.Props()[arrayName] = arr;
                    parent["etag"] = $"W/\"{Guid.NewGuid()}\"";
                    if (arrayName == "subnets") RefreshBackReferences(st);
                    result = obj.Clone();
                    break;
                }
                default:
                    return ArmResult.Error(405, "MethodNotAllowed", $"The requested resource does not support http method '{c.Method}'.");
            }
        }
        MarkInProgress(st, result);
        return s.Accepted(c, rp.SubscriptionId!, "Microsoft.Network", location.ToLowerInvariant(), status: created ? 201 : 200, body: result, includeLocation: false);
    }

    /// <summary>
    /// While a write's operation runs, Network answers the PUT with provisioningState "Updating" (the caller must follow
    /// Azure-AsyncOperation); a GET after the operation shows "Succeeded".
    /// </summary>
    public static void MarkInProgress(SimState st, JsonObject response)
    {
        if (st.OperationDuration > TimeSpan.Zero && response.Node("properties") is JsonObject p) p["provisioningState"] = "Updating";
    }

    public static JsonObject BuildSubnet(string vnetId, string name, JsonObject input, JsonObject? existing)
    {
        var p = (input.Node("properties") as JsonObject)?.Clone() ?? new JsonObject();
        var baseObj = existing?.Clone() ?? J.O(("properties", J.O(("ipConfigurations", new JsonArray()), ("delegations", new JsonArray()),
            ("privateEndpointNetworkPolicies", "Disabled"), ("privateLinkServiceNetworkPolicies", "Enabled"))));
        var bp = baseObj.Props();
        if (J.Get(p, "networkSecurityGroup") == null) bp.Remove("networkSecurityGroup");
        J.Merge(bp, p);
        bp["provisioningState"] = "Succeeded";
        baseObj["name"] = name;
        baseObj["id"] = $"{vnetId}/subnets/{name}";
        baseObj["etag"] = $"W/\"{Guid.NewGuid()}\"";
        baseObj["type"] = "Microsoft.Network/virtualNetworks/subnets";
        return baseObj;
    }

    private static ArmResult? ValidateSubnet(ArmServer s, ArmCall c, JsonObject vnet, JsonObject subnet)
    {
        var prefix = subnet.Props().Str("addressPrefix");
        if (prefix == null && (subnet.Props().Node("addressPrefixes") as JsonArray)?.Count is null or 0)
            return ArmResult.Error(400, "InvalidRequestFormat", "Cannot parse the request.", J.A([J.O(("code", "MissingJsonProperty"), ("message", "Subnet must have addressPrefix or addressPrefixes."))]));
        if (prefix != null && (!prefix.Contains('/') || !ValidPrefix(prefix)))
            return ArmResult.Error(400, "InvalidAddressPrefixFormat", $"Address prefix {prefix} of resource {subnet.Str("id")} is not formatted correctly. It should follow CIDR notation, for example 10.0.0.0/24.");
        var nsgId = subnet.Props().Str("networkSecurityGroup", "id");
        if (nsgId != null)
        {
            var nsg = s.State.GetLive(nsgId);
            if (nsg == null || !string.Equals(nsg.Str("location"), vnet.Str("location"), StringComparison.OrdinalIgnoreCase))
                return ArmResult.Error(400, "InvalidResourceReference", $"Resource {nsgId} referenced by resource {subnet.Str("id")} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.", new JsonArray());
            if (!s.State.IsAuthorized(c.Caller.ObjectId, "Microsoft.Network/networkSecurityGroups/join/action", nsgId))
                return s.LinkedAuthorizationFailed(c, "Microsoft.Network/virtualNetworks/subnets/write", subnet.Str("id")!, "Microsoft.Network/networkSecurityGroups/join/action", nsgId);
        }
        return null;
    }

    // ------------------------------------------------------------------ NIC
    public static ArmResult? ValidateNic(ArmServer s, ArmCall c, JsonObject nic, JsonObject? existing)
    {
        var p = nic.Props();
        var nicId = nic.Str("id")!;
        var configs = p.Node("ipConfigurations") as JsonArray ?? [];
        if (configs.Count == 0)
            return ArmResult.Error(400, "NetworkInterfaceMustHaveAtLeastOneIpConfiguration", $"Network interface {nicId} must have one or more IP configurations.", new JsonArray());
        foreach (var ipc in configs.OfType<JsonObject>())
        {
            var n = ipc.Str("name") ?? "ipconfig1";
            ipc["name"] = n;
            ipc["id"] = $"{nicId}/ipConfigurations/{n}";
            ipc["type"] = "Microsoft.Network/networkInterfaces/ipConfigurations";
            var ip = ipc.Props();
            ip["provisioningState"] = "Succeeded";
            if (ip.Str("privateIPAllocationMethod") == null) ip["privateIPAllocationMethod"] = "Dynamic";
            if (ip.Str("privateIPAddressVersion") == null) ip["privateIPAddressVersion"] = "IPv4";
            if (ip.Node("primary") == null) ip["primary"] = configs.IndexOf(ipc) == 0;
            var subnetId = ip.Str("subnet", "id");
            if (subnetId != null && FindSubnet(s.State, subnetId) == null)
                return ArmResult.Error(400, "InvalidResourceReference", $"Resource {subnetId} referenced by resource {nicId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.", new JsonArray());
            if (ip.Str("privateIPAddress") == null && subnetId != null) ip["privateIPAddress"] = NextPrivateIp(s.State, subnetId);
            var pipId = ip.Str("publicIPAddress", "id");
            if (pipId != null && s.State.GetLive(pipId) == null)
                return ArmResult.Error(400, "InvalidResourceReference", $"Resource {pipId} referenced by resource {nicId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.", new JsonArray());
        }
        var nsgId = p.Str("networkSecurityGroup", "id");
        var oldNsg = existing?.Props().Str("networkSecurityGroup", "id");
        if (nsgId != null)
        {
            // ARM checks linked access before the resource provider validates the reference
            if (!string.Equals(nsgId, oldNsg, StringComparison.OrdinalIgnoreCase)
                && !s.State.IsAuthorized(c.Caller.ObjectId, "Microsoft.Network/networkSecurityGroups/join/action", nsgId))
                return s.LinkedAuthorizationFailed(c, "Microsoft.Network/networkInterfaces/write", nicId, "Microsoft.Network/networkSecurityGroups/join/action", nsgId);
            var nsg = s.State.GetLive(nsgId);
            if (nsg == null || !string.Equals(nsg.Str("location"), nic.Str("location"), StringComparison.OrdinalIgnoreCase))
                return ArmResult.Error(400, "InvalidResourceReference", $"Resource {nsgId} referenced by resource {nicId} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.", new JsonArray());
        }
        else p.Remove("networkSecurityGroup");
        // read-only properties keep the service's values
        if (existing != null)
        {
            var ep = existing.Props();
            foreach (var k in new[] { "macAddress", "virtualMachine", "resourceGuid" })
                if (ep.Node(k) != null) p[k] = ep.Node(k)!.DeepClone();
        }
        return null;
    }

    private static string NextPrivateIp(SimState st, string subnetId)
    {
        var subnet = FindSubnet(st, subnetId);
        var prefix = subnet?.Props().Str("addressPrefix") ?? "10.0.0.0/24";
        var baseIp = IPAddress.Parse(prefix.Split('/')[0]).GetAddressBytes();
        var used = st.ListLive("Microsoft.Network/networkInterfaces")
            .SelectMany(n => n.Props().Node("ipConfigurations") as JsonArray ?? [])
            .Where(ic => string.Equals(ic.Str("properties", "subnet", "id"), subnetId, StringComparison.OrdinalIgnoreCase))
            .Select(ic => ic.Str("properties", "privateIPAddress")).ToHashSet();
        for (var i = 4; i < 65000; i++)
        {
            var b = (byte[])baseIp.Clone();
            b[3] = (byte)(i % 256); b[2] = (byte)(b[2] + i / 256);
            var cand = new IPAddress(b).ToString();
            if (!used.Contains(cand)) return cand;
        }
        return "10.0.0.4";
    }

    public static JsonObject? FindSubnet(SimState st, string subnetId)
    {
        var vnetId = string.Join('/', subnetId.Split('/').SkipLast(2));
        var vnet = st.GetLive(vnetId);
        var name = subnetId.Split('/')[^1];
        return (vnet?.Props().Node("subnets") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(sn => string.Equals(sn.Str("name"), name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Recomputes read-only back references: NSG.networkInterfaces/subnets, PIP.ipConfiguration, subnet.ipConfigurations.</summary>
    public static void RefreshBackReferences(SimState st)
    {
        var nsgNics = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var nsgSubnets = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var pipConfig = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var subnetConfigs = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var nic in st.ListLive("Microsoft.Network/networkInterfaces"))
        {
            var p = nic.Props();
            if (p.Str("networkSecurityGroup", "id") is { } nsg) Add(nsgNics, nsg, nic.Str("id")!);
            foreach (var ipc in p.Node("ipConfigurations") as JsonArray ?? [])
            {
                if (ipc.Str("properties", "publicIPAddress", "id") is { } pip) pipConfig[pip] = ipc.Str("id")!;
                if (ipc.Str("properties", "subnet", "id") is { } sn) Add(subnetConfigs, sn, ipc.Str("id")!);
            }
        }
        foreach (var vnet in st.ListLive("Microsoft.Network/virtualNetworks"))
            foreach (var sn in vnet.Props().Node("subnets") as JsonArray ?? [])
            {
                if (sn is not JsonObject so) continue;
                if (so.Str("properties", "networkSecurityGroup", "id") is { } nsg) Add(nsgSubnets, nsg, so.Str("id")!);
                var refs = subnetConfigs.GetValueOrDefault(so.Str("id")!);
                if (refs != null) so.Props()["ipConfigurations"] = J.A(refs.Select(r => (JsonNode?)J.Ref(r)));
                else so.Props().Remove("ipConfigurations");
            }
        foreach (var nsg in st.ListLive("Microsoft.Network/networkSecurityGroups"))
        {
            var id = nsg.Str("id")!;
            var p = nsg.Props();
            if (nsgNics.TryGetValue(id, out var n)) p["networkInterfaces"] = J.A(n.Select(x => (JsonNode?)J.Ref(x))); else p.Remove("networkInterfaces");
            if (nsgSubnets.TryGetValue(id, out var s)) p["subnets"] = J.A(s.Select(x => (JsonNode?)J.Ref(x))); else p.Remove("subnets");
        }
        foreach (var pip in st.ListLive("Microsoft.Network/publicIPAddresses"))
        {
            if (pipConfig.TryGetValue(pip.Str("id")!, out var ipc)) pip.Props()["ipConfiguration"] = J.Ref(ipc);
            else pip.Props().Remove("ipConfiguration");
        }
        static void Add(Dictionary<string, List<string>> d, string k, string v) { if (!d.TryGetValue(k, out var l)) d[k] = l = []; l.Add(v); }
    }

    public static ArmResult? CanDeleteNsg(SimState st, JsonObject nsg)
    {
        var users = new List<string>();
        foreach (var k in new[] { "networkInterfaces", "subnets" })
            users.AddRange((nsg.Props().Node(k) as JsonArray ?? []).Select(x => x.Str("id")!).Where(x => x != null));
        if (users.Count == 0) return null;
        return ArmResult.Error(400, "InUseNetworkSecurityGroupCannotBeDeleted",
            $"Network security group {nsg.Str("id")} cannot be deleted because it is in use by the following resources: {string.Join(", ", users)}. In order to delete the Network security group, remove the association with the resource(s). To learn how to do this, see aka.ms/deletensg.", new JsonArray());
    }

    public static ArmResult? CanDeletePip(SimState st, JsonObject pip)
    {
        var ipc = pip.Props().Str("ipConfiguration", "id");
        if (ipc == null) return null;
        return ArmResult.Error(400, "PublicIPAddressInUse",
            $"Public IP address {pip.Str("id")} can not be deleted since it is still allocated to resource {ipc}. In order to delete the public IP, disassociate/detach the Public IP address from the resource.  To learn how to do this, see aka.ms/deletepublicip.", new JsonArray());
    }

    public static ArmResult? CanDeleteNic(SimState st, JsonObject nic)
    {
        var vm = nic.Props().Str("virtualMachine", "id");
        if (vm == null || st.GetLive(vm) == null) return null;
        return ArmResult.Error(400, "NicInUse",
            $"Network Interface {nic.Str("id")} is used by existing resource {vm}. In order to delete the network interface, it must be dissociated from the resource. To learn more, see aka.ms/deletenic.", new JsonArray());
    }

    // ------------------------------------------------------------------ effective security rules
    public static JsonObject? EffectiveGroups(SimState st, string nicId)
    {
        var nic = st.GetLive(nicId);
        if (nic == null) return null;
        var value = new JsonArray();
        var primary = (nic.Props().Node("ipConfigurations") as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(i => i.Bool("properties", "primary") != false);
        var subnetId = primary?.Str("properties", "subnet", "id");
        var vnetPrefixes = new List<string>();
        if (subnetId != null)
        {
            var vnet = st.GetLive(string.Join('/', subnetId.Split('/').SkipLast(2)));
            vnetPrefixes = (vnet?.Props().Node("addressSpace", "addressPrefixes") as JsonArray ?? []).Select(x => x?.ToString() ?? "").ToList();
        }
        var subnetNsg = subnetId != null ? FindSubnet(st, subnetId)?.Str("properties", "networkSecurityGroup", "id") : null;
        if (subnetNsg != null && st.GetLive(subnetNsg) is { } sn)
            value.Add(J.O(("networkSecurityGroup", J.Ref(sn.Str("id")!)), ("association", J.O(("subnet", J.Ref(subnetId!)))), ("effectiveSecurityRules", EffectiveRules(sn, vnetPrefixes))));
        var nicNsg = nic.Props().Str("networkSecurityGroup", "id");
        if (nicNsg != null && st.GetLive(nicNsg) is { } nn)
            value.Add(J.O(("networkSecurityGroup", J.Ref(nn.Str("id")!)), ("association", J.O(("networkInterface", J.Ref(nic.Str("id")!)))), ("effectiveSecurityRules", EffectiveRules(nn, vnetPrefixes))));
        return J.O(("value", value));
    }

    private static JsonArray EffectiveRules(JsonObject nsg, List<string> vnetPrefixes)
    {
        var rules = new List<(string Kind, JsonObject R)>();
        rules.AddRange((nsg.Props().Node("securityRules") as JsonArray ?? []).OfType<JsonObject>().Select(r => ("securityRules", r)));
        rules.AddRange((nsg.Props().Node("defaultSecurityRules") as JsonArray ?? []).OfType<JsonObject>().Select(r => ("defaultSecurityRules", r)));
        var arr = new JsonArray();
        foreach (var (kind, r) in rules.OrderBy(x => x.R.Str("properties", "direction")).ThenBy(x => x.R.Int("properties", "priority")))
        {
            var p = r.Props();
            List<string> Ports(string s, string pl) => Values(p, s, pl).Select(v => v == "*" ? "0-65535" : v.Contains('-') ? v : $"{v}-{v}").ToList();
            List<string> Prefixes(string s, string pl) => Values(p, s, pl).Select(v => v == "*" ? "0.0.0.0/0" : v).ToList();
            List<string> Expand(List<string> prefixes) => prefixes.SelectMany(v =>
                v.Equals("VirtualNetwork", StringComparison.OrdinalIgnoreCase) ? vnetPrefixes.Append("168.63.129.16/32") :
                v.Equals("AzureLoadBalancer", StringComparison.OrdinalIgnoreCase) ? ["168.63.129.16/32"] :
                v.Equals("Internet", StringComparison.OrdinalIgnoreCase) ? ["0.0.0.0/0"] : [v]).ToList();
            var sp = Ports("sourcePortRange", "sourcePortRanges");
            var dp = Ports("destinationPortRange", "destinationPortRanges");
            var sa = Prefixes("sourceAddressPrefix", "sourceAddressPrefixes");
            var da = Prefixes("destinationAddressPrefix", "destinationAddressPrefixes");
            var proto = p.Str("protocol") ?? "*";
            var e = J.O(
                ("name", $"{kind}/{r.Str("name")}"),
                ("protocol", proto == "*" ? "All" : char.ToUpperInvariant(proto[0]) + proto[1..].ToLowerInvariant()),
                ("sourcePortRange", sp.Count == 1 ? sp[0] : null), ("destinationPortRange", dp.Count == 1 ? dp[0] : null),
                ("sourcePortRanges", J.Strs(sp)), ("destinationPortRanges", J.Strs(dp)),
                ("sourceAddressPrefix", sa.Count == 1 ? sa[0] : null), ("destinationAddressPrefix", da.Count == 1 ? da[0] : null),
                ("sourceAddressPrefixes", J.Strs(sa)), ("destinationAddressPrefixes", J.Strs(da)),
                ("expandedSourceAddressPrefix", J.Strs(Expand(sa))), ("expandedDestinationAddressPrefix", J.Strs(Expand(da))),
                ("access", p.Str("access")), ("priority", p.Int("priority")), ("direction", p.Str("direction")));
            foreach (var k in e.Where(kv => kv.Value == null).Select(kv => kv.Key).ToList()) e.Remove(k);
            arr.Add(e);
        }
        return arr;
    }

    public static ArmResult EffectiveAction(ArmServer s, ArmCall c, RPath rp)
    {
        JsonObject result;
        string location;
        lock (s.State.Gate)
        {
            var nic = s.State.GetLive(rp.Id)!;
            location = nic.Str("location") ?? "eastus";
            var vmId = nic.Props().Str("virtualMachine", "id");
            if (vmId == null)
                return ArmResult.Error(400, "NetworkInterfaceNotAttachedToVirtualMachine", $"Network interface {rp.Id} is not attached to a virtual machine. Effective security rules are only available for network interfaces attached to a running virtual machine.", new JsonArray());
            var power = s.State.PowerOf(SimState.Norm(vmId));
            if (power != "PowerState/running")
                return ArmResult.Error(400, "VirtualMachineNotRunning", $"Virtual machine {vmId} is not running. Effective security rules are only available when the virtual machine is running.", new JsonArray());
            result = EffectiveGroups(s.State, rp.Id)!;
        }
        return s.Accepted(c, rp.SubscriptionId!, "Microsoft.Network", location.ToLowerInvariant(), result: result);
    }
}
