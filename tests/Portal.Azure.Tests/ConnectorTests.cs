using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Domain.Cloud;

namespace Portal.Azure.Tests;

/// <summary>The connector against AzureSim's demo tenant, through the real SDK over HTTPS. Read-only: the simulator is shared by the class.</summary>
public class ConnectorTests(SimFixture sim) : IClassFixture<SimFixture>
{
    private ICloudConnector Connector => sim.Connector;

    [Fact]
    public async Task Good_credential_validates_and_says_who_signed_in()
    {
        var client = sim.Host.Client(SimFixture.Responder);
        var r = await Connector.ValidateCredentialAsync(sim.Credential(SimFixture.Responder));
        Assert.True(r.IsSuccess, r.Error?.Message);
        Assert.Equal(client.TenantId, r.Value.TenantId);
        Assert.Equal(client.ClientId, r.Value.ClientId);
        Assert.Equal(client.ObjectId, r.Value.ObjectId);
        Assert.True(r.Value.TokenExpiresOn > DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Lists_the_subscriptions_the_app_holds_a_role_on()
    {
        var r = await Connector.ListSubscriptionsAsync(sim.Credential(SimFixture.Reader));
        Assert.True(r.IsSuccess, r.Error?.Message);
        var sub = Assert.Single(r.Value);
        Assert.Equal(sim.SubscriptionId, sub.SubscriptionId);
        Assert.Equal("Fabrikam Production", sub.DisplayName);
        Assert.True(sub.IsEnabled);
        Assert.Equal(sim.Host.TenantId, sub.TenantId);

        var one = await Connector.GetSubscriptionAsync(sim.Credential(SimFixture.Reader), sim.SubscriptionId);
        Assert.Equal(sub, one.Value);
    }

    [Fact]
    public async Task Lists_the_subscription_regions()
    {
        var r = await Connector.ListRegionsAsync(sim.Credential(SimFixture.Reader), sim.SubscriptionId);
        Assert.True(r.IsSuccess, r.Error?.Message);
        Assert.Contains(r.Value, x => x.Name == "eastus" && x.DisplayName == "East US" && x.PairedRegion == "westus");
        Assert.Contains(r.Value, x => x.Name == "westeurope");
        Assert.DoesNotContain(r.Value, x => x.Name.StartsWith("china"));
        Assert.Equal(r.Value.Count, r.Value.Select(x => x.Name).Distinct().Count());
    }

    [Fact]
    public async Task Lists_every_seeded_vm_with_power_state_ips_and_nsgs_joined()
    {
        var reports = new List<int>();
        var progress = new SyncProgress(reports);
        var r = await Connector.ListVirtualMachinesAsync(sim.Credential(SimFixture.Reader), sim.SubscriptionId, progress);
        Assert.True(r.IsSuccess, r.Error?.Message);
        var inv = r.Value;
        var seeded = sim.SeededVms();
        Assert.True(seeded.Count >= 40);
        Assert.Equal(seeded.Count, inv.Vms.Count);
        Assert.True(inv.IsComplete);
        Assert.Equal(seeded.Count, reports.Last());

        var byId = inv.Vms.ToDictionary(v => v.Id, StringComparer.OrdinalIgnoreCase);
        var state = sim.Host.State;
        foreach (var vm in seeded)
        {
            var id = (string)vm["id"]!;
            var got = byId[id];
            Assert.Equal((string)vm["name"]!, got.Name);
            Assert.Equal(sim.SubscriptionId, got.SubscriptionId);
            Assert.Equal(id.Split('/')[4], got.ResourceGroup, ignoreCase: true);
            Assert.Equal((string)vm["location"]!, got.Location);
            Assert.Equal((string?)vm["properties"]!["hardwareProfile"]!["vmSize"], got.VmSize);
            Assert.Equal((string?)vm["properties"]!["storageProfile"]!["osDisk"]!["osType"], got.OsType);
            Assert.Equal((state.GetPowerState(id) ?? "PowerState/running")["PowerState/".Length..], got.PowerState);

            // ground truth: NIC → private IPs, public IP addresses, NIC NSG, subnet NSG
            var expPrivate = new List<string>(); var expPublic = new List<string>(); var expNsgs = new List<string>(); var expNics = new List<string>();
            foreach (var nicRef in vm["properties"]!["networkProfile"]!["networkInterfaces"]!.AsArray())
            {
                var nicId = (string)nicRef!["id"]!;
                expNics.Add(nicId);
                var nic = state.GetResource(nicId)!;
                if (nic["properties"]!["networkSecurityGroup"]?["id"] is JsonNode n) expNsgs.Add((string)n!);
                foreach (var ipc in nic["properties"]!["ipConfigurations"]!.AsArray())
                {
                    expPrivate.Add((string)ipc!["properties"]!["privateIPAddress"]!);
                    if (ipc["properties"]!["publicIPAddress"]?["id"] is JsonNode pipId)
                        expPublic.Add((string)state.GetResource((string)pipId!)!["properties"]!["ipAddress"]!);
                    var subnetId = (string)ipc["properties"]!["subnet"]!["id"]!;
                    var vnetId = subnetId[..subnetId.IndexOf("/subnets/", StringComparison.OrdinalIgnoreCase)];
                    var subnet = state.GetResource(vnetId)!["properties"]!["subnets"]!.AsArray()
                        .First(s => string.Equals((string)s!["id"]!, subnetId, StringComparison.OrdinalIgnoreCase))!;
                    if (subnet["properties"]!["networkSecurityGroup"]?["id"] is JsonNode sn) expNsgs.Add((string)sn!);
                }
            }
            Assert.Equal(expNics, got.NicIds);
            Assert.Equal(expPrivate, got.PrivateIps);
            Assert.Equal(expPublic, got.PublicIps);
            Assert.Equal(expNsgs.Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(x => x, StringComparer.OrdinalIgnoreCase),
                got.NsgIds.OrderBy(x => x, StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase);
            var expTags = vm["tags"] is JsonObject t ? t.ToDictionary(kv => kv.Key, kv => (string)kv.Value!) : [];
            Assert.Equal(expTags.OrderBy(k => k.Key), got.Tags.OrderBy(k => k.Key));
        }

        // the demo seed has a mix: some VMs stopped or deallocated, some with public IPs, some with NSGs
        Assert.Contains(inv.Vms, v => v.PowerState == "running");
        Assert.Contains(inv.Vms, v => v.PowerState is "deallocated" or "stopped");
        Assert.Contains(inv.Vms, v => v.PublicIps.Count > 0);
        Assert.Contains(inv.Vms, v => v.PublicIps.Count == 0);
        Assert.Contains(inv.Vms, v => v.NsgIds.Count > 0);
        Assert.All(inv.Vms, v => Assert.NotEmpty(v.PrivateIps));
        Assert.All(inv.Vms, v => Assert.Contains(v.OsType, new[] { "Linux", "Windows" }));
    }

    [Fact]
    public async Task Listing_vms_takes_a_bounded_number_of_requests_not_one_per_vm()
    {
        // A connector of its own, so the count is this listing's alone.
        using var connector = sim.CreateConnector();
        var before = sim.Host.RequestCount;
        var r = await connector.ListVirtualMachinesAsync(sim.Credential(SimFixture.Reader), sim.SubscriptionId);
        Assert.True(r.IsSuccess, r.Error?.Message);
        var served = sim.Host.RequestCount - before;
        var vms = r.Value.Vms.Count;
        // default page size 50: VMs, NICs, public IPs and virtual networks each fit in one or two pages
        Assert.InRange(r.Value.ArmRequests, 4, 10);
        Assert.True(r.Value.ArmRequests < vms / 4, $"{r.Value.ArmRequests} requests for {vms} VMs");
        Assert.Equal(r.Value.ArmRequests, connector.Metrics.ArmRequests);
        Assert.Equal(served, connector.Metrics.ArmRequests);
        Assert.Equal(1, connector.Metrics.TokenRequests);
    }

    [Fact]
    public async Task Lists_nsgs_with_rules_and_attachments_that_match_the_vm_inventory()
    {
        var cred = sim.Credential(SimFixture.Reader);
        var r = await Connector.ListNetworkSecurityGroupsAsync(cred, sim.SubscriptionId);
        Assert.True(r.IsSuccess, r.Error?.Message);
        var seeded = sim.Host.State.ListResources("Microsoft.Network/networkSecurityGroups")
            .Where(n => ((string)n["id"]!).StartsWith($"/subscriptions/{sim.SubscriptionId}/", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(seeded.Count, r.Value.Count);
        foreach (var n in seeded)
        {
            var got = Assert.Single(r.Value, x => string.Equals(x.Id, (string)n["id"]!, StringComparison.OrdinalIgnoreCase));
            Assert.Equal(n["properties"]!["securityRules"]!.AsArray().Count, got.Rules.Count);
            Assert.Equal(6, got.DefaultRules.Count); // Azure's three inbound and three outbound defaults
            Assert.All(got.DefaultRules, d => Assert.True(d.IsDefault && d.Priority >= 65000));
            Assert.Equal(got.Rules.OrderBy(x => x.Direction == "Inbound" ? 0 : 1).ThenBy(x => x.Priority), got.Rules);
            Assert.All(got.Rules, x => Assert.InRange(x.Priority, 100, 4096));
            Assert.All(got.Rules, x => Assert.NotEmpty(x.SourceAddressPrefixes));
        }
        // the demo seed has an NSG that lets RDP or SSH in from anywhere
        Assert.Contains(r.Value.SelectMany(n => n.Rules), x => x.Access == "Allow" && x.Direction == "Inbound"
            && x.SourceAddressPrefixes.Any(p => p is "*" or "Internet" or "0.0.0.0/0")
            && x.DestinationPortRanges.Any(p => p is "3389" or "22"));

        // attachments agree with the VM inventory's joins
        var vms = (await Connector.ListVirtualMachinesAsync(cred, sim.SubscriptionId)).Value.Vms;
        var byId = r.Value.ToDictionary(n => n.Id, StringComparer.OrdinalIgnoreCase);
        foreach (var nic in vms.SelectMany(v => v.Nics).Where(n => n.NsgId != null))
            Assert.Contains(nic.Id, byId[nic.NsgId!].NicIds, StringComparer.OrdinalIgnoreCase);
        foreach (var nic in vms.SelectMany(v => v.Nics))
            foreach (var subnetNsg in nic.SubnetNsgIds)
                Assert.Contains(byId[subnetNsg].SubnetIds, s => nic.SubnetIds.Contains(s, StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Tokens_are_reused_across_calls_with_the_same_credential()
    {
        using var connector = sim.CreateConnector();
        var cred = sim.Credential(SimFixture.Responder);
        Assert.True((await connector.ListSubscriptionsAsync(cred)).IsSuccess);
        Assert.True((await connector.ListRegionsAsync(cred, sim.SubscriptionId)).IsSuccess);
        Assert.True((await connector.GetPermissionsAsync(cred, sim.SubscriptionId)).IsSuccess);
        Assert.Equal(1, connector.Metrics.TokenRequests);
        Assert.Equal(3, connector.Metrics.ArmRequests);
        // validation always asks Entra again (a revoked secret must not hide behind a cached token)
        Assert.True((await connector.ValidateCredentialAsync(cred)).IsSuccess);
        Assert.Equal(2, connector.Metrics.TokenRequests);
    }

    // ------------------------------------------------------------------ Entra errors

    [Fact]
    public async Task Wrong_secret_is_AADSTS7000215_with_guidance_and_no_secret()
    {
        const string wrong = "Wr0ng~secret.value.that-is-long-enough-123";
        var cred = sim.Credential(SimFixture.Responder, secret: wrong);
        var r = await Connector.ValidateCredentialAsync(cred);
        AssertError(r, "AADSTS7000215", wrong);
        Assert.Contains("Invalid client secret", r.Error!.Message);
        Assert.Contains("Secret ID", r.Error.Meaning);
        Assert.Contains("Value", r.Error.Fix);
        Assert.Equal(401, r.Error.HttpStatus);
        Assert.True(r.Error.IsCredentialProblem);

        // the same error surfaces from an ARM call (the token is requested on the way)
        var arm = await Connector.ListVirtualMachinesAsync(cred, sim.SubscriptionId);
        AssertError(arm, "AADSTS7000215", wrong);
    }

    [Fact]
    public async Task Pasted_secret_id_is_AADSTS7000215()
    {
        var secretId = Guid.NewGuid().ToString();
        var r = await Connector.ValidateCredentialAsync(sim.Credential(SimFixture.Reader, secret: secretId));
        AssertError(r, "AADSTS7000215", secretId);
    }

    [Fact]
    public async Task Unknown_client_is_AADSTS700016()
    {
        var r = await Connector.ValidateCredentialAsync(sim.Credential(SimFixture.Reader, clientId: Guid.NewGuid().ToString()));
        AssertError(r, "AADSTS700016", sim.Host.Client(SimFixture.Reader).Secret);
        Assert.Contains("client ID or the tenant ID", r.Error!.Meaning);
    }

    [Fact]
    public async Task Client_of_another_tenant_is_AADSTS700016()
    {
        var partnerTenant = sim.Host.Client(SimFixture.Partner).TenantId;
        Assert.NotEqual(sim.Host.TenantId, partnerTenant);
        var r = await Connector.ValidateCredentialAsync(sim.Credential(SimFixture.Reader, tenant: partnerTenant));
        AssertError(r, "AADSTS700016", sim.Host.Client(SimFixture.Reader).Secret);
    }

    [Fact]
    public async Task Unknown_tenant_is_AADSTS90002()
    {
        var r = await Connector.ValidateCredentialAsync(sim.Credential(SimFixture.Reader, tenant: Guid.NewGuid().ToString()));
        AssertError(r, "AADSTS90002", sim.Host.Client(SimFixture.Reader).Secret);
        Assert.Contains("cloud", r.Error!.Fix);
    }

    [Fact]
    public async Task Expired_secret_is_AADSTS7000222()
    {
        Assert.True(sim.Host.Client(SimFixture.Expired).Expired);
        var r = await Connector.ValidateCredentialAsync(sim.Credential(SimFixture.Expired));
        AssertError(r, "AADSTS7000222", sim.Host.Client(SimFixture.Expired).Secret);
        Assert.Contains("expired", r.Error!.Meaning);
    }

    [Fact]
    public async Task Malformed_tenant_never_reaches_the_sdk_as_an_exception()
    {
        var r = await Connector.ValidateCredentialAsync(sim.Credential(SimFixture.Reader, tenant: "not a tenant/../x"));
        Assert.False(r.IsSuccess);
        Assert.DoesNotContain(sim.Host.Client(SimFixture.Reader).Secret, r.Error!.Message);
        var empty = await Connector.ListSubscriptionsAsync(sim.Credential(SimFixture.Reader, secret: ""));
        Assert.Equal(CloudErrorCodes.MissingSecret, empty.Error!.Code);
    }

    // ------------------------------------------------------------------ permissions and ARM errors

    [Fact]
    public async Task Reader_only_client_is_not_ready_for_response_and_the_missing_actions_are_exact()
    {
        var r = await Connector.GetPermissionsAsync(sim.Credential(SimFixture.Reader), sim.SubscriptionId);
        Assert.True(r.IsSuccess, r.Error?.Message);
        var readiness = FeatureRequirements.Evaluate(r.Value).ToDictionary(x => x.Feature);
        Assert.True(readiness[CloudFeature.Hosts].Ready);
        Assert.True(readiness[CloudFeature.Cspm].Ready);
        Assert.False(readiness[CloudFeature.Response].Ready);
        Assert.Equal(
            [
                "Microsoft.Compute/virtualMachines/start/action",
                "Microsoft.Compute/virtualMachines/powerOff/action",
                "Microsoft.Compute/virtualMachines/deallocate/action",
                "Microsoft.Compute/virtualMachines/restart/action",
                "Microsoft.Network/networkSecurityGroups/write",
                "Microsoft.Network/networkSecurityGroups/delete",
                "Microsoft.Network/networkSecurityGroups/join/action",
                "Microsoft.Network/networkSecurityGroups/securityRules/write",
                "Microsoft.Network/networkSecurityGroups/securityRules/delete",
                "Microsoft.Network/networkInterfaces/write",
                "Microsoft.Network/virtualNetworks/subnets/join/action",
                "Microsoft.Network/publicIPAddresses/join/action",
            ],
            readiness[CloudFeature.Response].MissingActions);
        Assert.False(readiness[CloudFeature.Agentless].Ready);

        // the generated least-privilege role lists exactly those actions
        var json = FeatureRequirements.LeastPrivilegeRoleJson([readiness[CloudFeature.Response]], sim.SubscriptionId);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(readiness[CloudFeature.Response].MissingActions, doc.RootElement.GetProperty("Actions").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Responder_with_the_documented_roles_is_ready_for_every_feature()
    {
        var r = await Connector.GetPermissionsAsync(sim.Credential(SimFixture.Responder), sim.SubscriptionId);
        Assert.True(r.IsSuccess, r.Error?.Message);
        Assert.Equal(4, r.Value.Entries.Count); // one entry per role assignment, as ARM reports them
        Assert.All(FeatureRequirements.Evaluate(r.Value), x => Assert.True(x.Ready, $"{x.Feature}: {string.Join(", ", x.MissingActions)}"));
    }

    [Fact]
    public async Task Custom_role_notActions_are_honoured()
    {
        var r = await Connector.GetPermissionsAsync(sim.Credential(SimFixture.LeastPriv), sim.SubscriptionId);
        Assert.True(r.IsSuccess, r.Error?.Message);
        Assert.Contains(r.Value.Entries, e => e.NotActions.Contains("Microsoft.Network/networkSecurityGroups/delete"));
        var response = FeatureRequirements.Evaluate(CloudFeature.Response, r.Value);
        Assert.False(response.Ready);
        Assert.Equal(
            [
                "Microsoft.Compute/virtualMachines/restart/action",
                "Microsoft.Network/networkSecurityGroups/delete",
                "Microsoft.Network/virtualNetworks/subnets/join/action",
                "Microsoft.Network/publicIPAddresses/join/action",
            ],
            response.MissingActions);
        Assert.True(FeatureRequirements.Evaluate(CloudFeature.Hosts, r.Value).Ready);
    }

    [Fact]
    public async Task Role_on_a_resource_group_only_grants_nothing_at_subscription_scope()
    {
        var r = await Connector.GetPermissionsAsync(sim.Credential(SimFixture.RgContributor), sim.SubscriptionId);
        Assert.True(r.IsSuccess, r.Error?.Message);
        Assert.Empty(r.Value.Entries);
        Assert.All(FeatureRequirements.Evaluate(r.Value), x => Assert.False(x.Ready));
    }

    [Fact]
    public async Task Unknown_subscription_is_SubscriptionNotFound()
    {
        var cred = sim.Credential(SimFixture.Reader);
        var bogus = Guid.NewGuid().ToString();
        var vms = await Connector.ListVirtualMachinesAsync(cred, bogus);
        AssertError(vms, "SubscriptionNotFound", cred.ClientSecret);
        Assert.Equal(404, vms.Error!.HttpStatus);
        Assert.Contains(bogus, vms.Error.Message);
        AssertError(await Connector.GetPermissionsAsync(cred, bogus), "SubscriptionNotFound", cred.ClientSecret);
        AssertError(await Connector.GetSubscriptionAsync(cred, bogus), "SubscriptionNotFound", cred.ClientSecret);
        AssertError(await Connector.ListRegionsAsync(cred, "not-a-guid"), CloudErrorCodes.InvalidSubscriptionId, cred.ClientSecret);
    }

    [Fact]
    public async Task Subscription_of_another_tenant_is_refused_as_ARM_does()
    {
        var cred = sim.Credential(SimFixture.Reader);
        var partnerSub = sim.Host.State.Subscriptions.First(s => s.TenantId != sim.Host.TenantId).Id;
        var r = await Connector.ListVirtualMachinesAsync(cred, partnerSub);
        AssertError(r, CloudErrorCodes.WrongTenant, cred.ClientSecret);
        Assert.Equal(401, r.Error!.HttpStatus);
        Assert.Contains("tenant", r.Error.Fix);
    }

    [Fact]
    public async Task Partner_app_sees_only_its_own_subscription()
    {
        var r = await Connector.ListSubscriptionsAsync(sim.Credential(SimFixture.Partner));
        Assert.True(r.IsSuccess, r.Error?.Message);
        var sub = Assert.Single(r.Value);
        Assert.NotEqual(sim.SubscriptionId, sub.SubscriptionId);
    }

    [Fact]
    public async Task Resource_group_scoped_role_lists_only_that_groups_vms()
    {
        var r = await Connector.ListVirtualMachinesAsync(sim.Credential(SimFixture.RgContributor), sim.SubscriptionId);
        Assert.True(r.IsSuccess, r.Error?.Message);
        Assert.NotEmpty(r.Value.Vms);
        Assert.All(r.Value.Vms, v => Assert.Equal("rg-dev-wus2", v.ResourceGroup, ignoreCase: true));
        Assert.Equal(sim.SeededVms().Count(v => ((string)v["id"]!).Contains("/resourceGroups/rg-dev-wus2/", StringComparison.OrdinalIgnoreCase)), r.Value.Vms.Count);
    }

    [Fact]
    public async Task Trusted_certificate_alone_is_enough_to_reach_the_simulator()
    {
        // the portal's demo mode path: no custom handler, just the simulator's certificate pinned
        using var connector = new AzureCloudConnector(new AzureConnectorOptions().OverrideAllClouds(new AzureEndpointOverride
        {
            AuthorityHost = sim.Host.AuthorityHost,
            ArmEndpoint = sim.Host.ArmEndpoint,
            ArmAudience = sim.Host.ArmAudience,
            TrustedCertificate = sim.Host.Certificate,
        }));
        var r = await connector.ListSubscriptionsAsync(sim.Credential(SimFixture.Reader));
        Assert.True(r.IsSuccess, r.Error?.Message);
    }

    [Fact]
    public async Task Untrusted_certificate_is_a_network_failure()
    {
        using var connector = new AzureCloudConnector(new AzureConnectorOptions
        {
            IdentityRetry = new AzureRetrySettings { MaxRetries = 0 },
        }.OverrideAllClouds(new AzureEndpointOverride
        {
            AuthorityHost = sim.Host.AuthorityHost,
            ArmEndpoint = sim.Host.ArmEndpoint,
            ArmAudience = sim.Host.ArmAudience,
        }));
        var cred = sim.Credential(SimFixture.Reader);
        var r = await connector.ValidateCredentialAsync(cred);
        AssertError(r, CloudErrorCodes.NetworkFailure, cred.ClientSecret);
    }

    internal static void AssertError<T>(CloudResult<T> r, string code, string secret)
    {
        Assert.False(r.IsSuccess, $"expected {code}, got success");
        Assert.Equal(code, r.Error!.Code);
        Assert.False(string.IsNullOrWhiteSpace(r.Error.Meaning));
        Assert.False(string.IsNullOrWhiteSpace(r.Error.Fix));
        Assert.False(string.IsNullOrWhiteSpace(r.Error.Message));
        var all = JsonSerializer.Serialize(r.Error) + r.Error + r;
        Assert.DoesNotContain(secret, all);
    }

    /// <summary>IProgress that records synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    internal sealed class SyncProgress(List<int> reports) : IProgress<int>
    {
        public void Report(int value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
