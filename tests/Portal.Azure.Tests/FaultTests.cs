using System.Net;
using System.Net.Sockets;
using Portal.Domain.Cloud;
using static Portal.Azure.Tests.ConnectorTests;

namespace Portal.Azure.Tests;

/// <summary>Network failures, throttling, server errors and outages. Uses its own simulator, since it changes faults.</summary>
public class FaultTests(MutableSimFixture sim) : IClassFixture<MutableSimFixture>
{
    private static int ClosedPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private AzureCloudConnector ConnectorTo(Uri authority, Uri arm) => new(new AzureConnectorOptions
    {
        ArmRetry = new AzureRetrySettings { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(50), NetworkTimeout = TimeSpan.FromSeconds(5) },
        IdentityRetry = new AzureRetrySettings { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(50), NetworkTimeout = TimeSpan.FromSeconds(5) },
    }.OverrideAllClouds(new AzureEndpointOverride
    {
        AuthorityHost = authority,
        ArmEndpoint = arm,
        ArmAudience = sim.Host.ArmAudience,
        HandlerFactory = sim.Host.CreateTrustingHandler,
    }));

    [Fact]
    public async Task Unreachable_Entra_is_NetworkFailure()
    {
        var closed = new Uri($"https://127.0.0.1:{ClosedPort()}/");
        using var connector = ConnectorTo(closed, closed);
        var cred = sim.Credential(SimFixture.Reader);
        var r = await connector.ValidateCredentialAsync(cred);
        AssertError(r, CloudErrorCodes.NetworkFailure, cred.ClientSecret);
        Assert.True(r.Error!.IsTransient);
        AssertError(await connector.ListSubscriptionsAsync(cred), CloudErrorCodes.NetworkFailure, cred.ClientSecret);
    }

    [Fact]
    public async Task Unreachable_ARM_is_NetworkFailure()
    {
        using var connector = ConnectorTo(sim.Host.AuthorityHost, new Uri($"https://127.0.0.1:{ClosedPort()}/"));
        var cred = sim.Credential(SimFixture.Reader);
        Assert.True((await connector.ValidateCredentialAsync(cred)).IsSuccess);
        AssertError(await connector.ListSubscriptionsAsync(cred), CloudErrorCodes.NetworkFailure, cred.ClientSecret);
        AssertError(await connector.ListVirtualMachinesAsync(cred, sim.SubscriptionId), CloudErrorCodes.NetworkFailure, cred.ClientSecret);
        AssertError(await connector.GetPermissionsAsync(cred, sim.SubscriptionId), CloudErrorCodes.NetworkFailure, cred.ClientSecret);
    }

    [Fact]
    public async Task Throttling_is_absorbed_by_the_sdk_retry_honouring_Retry_After()
    {
        using var connector = sim.CreateConnector();
        var cred = sim.Credential(SimFixture.Responder);
        sim.Host.State.ThrottleNext(2, "Microsoft.Network/networkInterfaces");
        var started = DateTime.UtcNow;
        var r = await connector.ListVirtualMachinesAsync(cred, sim.SubscriptionId);
        Assert.True(r.IsSuccess, r.Error?.Message);
        Assert.Equal(sim.SeededVms().Count, r.Value.Vms.Count);
        Assert.True(r.Value.Vms.All(v => v.PrivateIps.Count > 0), "NIC data must be there after the retries");
        Assert.Equal(2, connector.Metrics.ThrottledResponses);
        // two 429s with Retry-After: 1 were waited out (the configured delay alone is 50 ms)
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1.9), $"took {DateTime.UtcNow - started}");
    }

    [Fact]
    public async Task Persistent_throttling_is_Throttled_with_Retry_After()
    {
        using var connector = sim.CreateConnector(); // ARM MaxRetries = 2: three attempts
        var cred = sim.Credential(SimFixture.Responder);
        sim.Host.State.ThrottleNext(3, "Microsoft.Authorization/permissions");
        var r = await connector.GetPermissionsAsync(cred, sim.SubscriptionId);
        AssertError(r, CloudErrorCodes.Throttled, cred.ClientSecret);
        Assert.Equal(429, r.Error!.HttpStatus);
        Assert.Equal("SubscriptionRequestsThrottled", r.Error.AzureCode);
        Assert.Equal(TimeSpan.FromSeconds(1), r.Error.RetryAfter);
        Assert.True(r.Error.IsTransient);
        Assert.Equal(3, connector.Metrics.ArmRequests);
    }

    [Fact]
    public async Task Throttled_detail_list_fails_the_listing_rather_than_returning_vms_without_ips()
    {
        using var connector = sim.CreateConnector();
        var cred = sim.Credential(SimFixture.Responder);
        sim.Host.State.ThrottleNext(3, "Microsoft.Network/publicIPAddresses");
        var r = await connector.ListVirtualMachinesAsync(cred, sim.SubscriptionId);
        AssertError(r, CloudErrorCodes.Throttled, cred.ClientSecret);
    }

    [Fact]
    public async Task Server_error_while_paging_is_retried()
    {
        using var connector = sim.CreateConnector();
        var cred = sim.Credential(SimFixture.Responder);
        sim.Host.State.FailNext(1, 503, "Microsoft.Compute/virtualMachines");
        sim.Host.State.FailNext(1, 500, "Microsoft.Network/virtualNetworks");
        var r = await connector.ListVirtualMachinesAsync(cred, sim.SubscriptionId);
        Assert.True(r.IsSuccess, r.Error?.Message);
        Assert.Equal(sim.SeededVms().Count, r.Value.Vms.Count);
        Assert.True(r.Value.Vms.Any(v => v.NsgIds.Count > 0));
        using var clean = sim.CreateConnector();
        var baseline = await clean.ListVirtualMachinesAsync(cred, sim.SubscriptionId);
        Assert.Equal(baseline.Value.ArmRequests + 2, r.Value.ArmRequests);
    }

    [Fact]
    public async Task Persistent_server_errors_are_ServiceUnavailable()
    {
        using var connector = sim.CreateConnector();
        var cred = sim.Credential(SimFixture.Responder);
        sim.Host.State.FailNext(3, 500, "/locations");
        var r = await connector.ListRegionsAsync(cred, sim.SubscriptionId);
        AssertError(r, CloudErrorCodes.ServiceUnavailable, cred.ClientSecret);
        Assert.Equal(500, r.Error!.HttpStatus);
        Assert.Equal("InternalServerError", r.Error.AzureCode);
    }

    [Fact]
    public async Task A_nextLink_to_another_host_is_refused_and_that_host_never_receives_a_request()
    {
        // A listener standing in for an attacker's host: it must see no connection at all (so no token either).
        var trap = new TcpListener(IPAddress.Loopback, 0);
        trap.Start();
        var trapBase = $"https://127.0.0.1:{((IPEndPoint)trap.LocalEndpoint).Port}";
        var accepted = trap.AcceptTcpClientAsync();
        using var connector = sim.CreateConnector();
        var cred = sim.Credential(SimFixture.Responder);
        var faults = sim.Host.State.Faults;
        var pageSize = sim.Host.State.PageSize;
        faults.ForeignNextLinkBase = trapBase;
        sim.Host.State.Faults = faults;
        sim.Host.State.PageSize = 5;   // the demo tenant's lists then need a second page
        try
        {
            var r = await connector.ListVirtualMachinesAsync(cred, sim.SubscriptionId);
            AssertError(r, CloudErrorCodes.UntrustedLink, cred.ClientSecret);
            Assert.Contains(trapBase, r.Error!.Message);
            Assert.False(r.Error.IsTransient);
            await Task.Delay(300);
            Assert.False(accepted.IsCompleted, "the portal connected to the host a nextLink named");
        }
        finally
        {
            faults.ForeignNextLinkBase = null;
            sim.Host.State.Faults = faults;
            sim.Host.State.PageSize = pageSize;
            trap.Stop();
        }
        // Pages on the ARM host itself are still followed.
        Assert.True((await connector.ListVirtualMachinesAsync(cred, sim.SubscriptionId)).IsSuccess);
    }

    [Fact]
    public async Task Entra_outage_is_ServiceUnavailable()
    {
        using var connector = sim.CreateConnector();
        var cred = sim.Credential(SimFixture.Reader);
        var faults = sim.Host.State.Faults;
        faults.TokenEndpointDown = true;
        sim.Host.State.Faults = faults;
        try
        {
            var r = await connector.ValidateCredentialAsync(cred);
            AssertError(r, CloudErrorCodes.ServiceUnavailable, cred.ClientSecret);
            Assert.True(r.Error!.IsTransient);
        }
        finally
        {
            faults.TokenEndpointDown = false;
            sim.Host.State.Faults = faults;
        }
        // MSAL itself holds back identical requests for the Retry-After Entra sent (1 s here), as it would against Azure
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var after = await connector.ValidateCredentialAsync(cred);
        Assert.True(after.IsSuccess, after.Error?.ToString());
    }

    [Fact]
    public async Task Role_removed_after_onboarding_is_AuthorizationFailed()
    {
        using var connector = sim.CreateConnector();
        var cred = sim.Credential(SimFixture.LeastPriv);
        Assert.True((await connector.ListVirtualMachinesAsync(cred, sim.SubscriptionId)).IsSuccess);
        sim.Host.State.RemoveRoleAssignments(cred.ClientId);

        var vms = await connector.ListVirtualMachinesAsync(cred, sim.SubscriptionId);
        AssertError(vms, CloudErrorCodes.AuthorizationFailed, cred.ClientSecret);
        Assert.Equal(403, vms.Error!.HttpStatus);
        Assert.Contains("Microsoft.Compute/virtualMachines/read", vms.Error.Message);
        Assert.Contains("role", vms.Error.Meaning);
        AssertError(await connector.GetSubscriptionAsync(cred, sim.SubscriptionId), CloudErrorCodes.AuthorizationFailed, cred.ClientSecret);

        var subs = await connector.ListSubscriptionsAsync(cred);
        Assert.True(subs.IsSuccess);
        Assert.Empty(subs.Value);
        var perms = await connector.GetPermissionsAsync(cred, sim.SubscriptionId);
        Assert.True(perms.IsSuccess);
        Assert.Empty(perms.Value.Entries);
    }

    [Fact]
    public async Task Secret_expiring_now_turns_into_AADSTS7000222_on_the_next_validation()
    {
        using var connector = sim.CreateConnector();
        var cred = sim.Credential(SimFixture.RgContributor);
        Assert.True((await connector.ValidateCredentialAsync(cred)).IsSuccess);
        sim.Host.State.ExpireSecretNow(cred.ClientId);
        AssertError(await connector.ValidateCredentialAsync(cred), "AADSTS7000222", cred.ClientSecret);
    }

    [Fact]
    public async Task Caller_cancellation_throws_OperationCanceledException()
    {
        using var connector = sim.CreateConnector();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connector.ListVirtualMachinesAsync(sim.Credential(SimFixture.Reader), sim.SubscriptionId, null, cts.Token));
    }

    [Fact]
    public async Task Caller_cancellation_mid_request_is_a_plain_OperationCanceledException()
    {
        using var connector = sim.CreateConnector();
        var cred = sim.Credential(SimFixture.Reader);
        Assert.True((await connector.ListSubscriptionsAsync(cred)).IsSuccess); // token cached: the slow part is ARM
        var faults = sim.Host.State.Faults;
        faults.LatencyMs = 3000;
        sim.Host.State.Faults = faults;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connector.ListVirtualMachinesAsync(cred, sim.SubscriptionId, null, cts.Token));
        }
        finally
        {
            faults.LatencyMs = 0;
            sim.Host.State.Faults = faults;
        }
    }

    [Fact]
    public async Task Missing_read_on_detail_lists_keeps_the_vms_and_reports_what_is_missing()
    {
        using var connector = sim.CreateConnector();
        var cred = sim.Credential(MutableSimFixture.VmAndNicReader);
        var r = await connector.ListVirtualMachinesAsync(cred, sim.SubscriptionId);
        Assert.True(r.IsSuccess, r.Error?.Message);
        Assert.Equal(sim.SeededVms().Count, r.Value.Vms.Count);
        Assert.False(r.Value.IsComplete);
        Assert.Equal(2, r.Value.Warnings.Count);
        Assert.All(r.Value.Warnings, w => Assert.Equal(CloudErrorCodes.AuthorizationFailed, w.Code));
        Assert.Contains(r.Value.Warnings, w => w.Message.Contains("Microsoft.Network/publicIPAddresses/read"));
        Assert.Contains(r.Value.Warnings, w => w.Message.Contains("Microsoft.Network/virtualNetworks/read"));
        // NICs were readable: private IPs and NIC NSGs are there; public IPs and subnet NSGs are not
        Assert.All(r.Value.Vms, v => Assert.NotEmpty(v.PrivateIps));
        Assert.All(r.Value.Vms, v => Assert.Empty(v.PublicIps));
        Assert.All(r.Value.Vms, v => Assert.All(v.Nics, n => Assert.Empty(n.SubnetNsgIds)));
        Assert.Contains(r.Value.Vms, v => v.Nics.Any(n => n.PublicIpIds.Count > 0)); // the link is known, the address is not

        var perms = await connector.GetPermissionsAsync(cred, sim.SubscriptionId);
        var hosts = FeatureRequirements.Evaluate(CloudFeature.Hosts, perms.Value);
        Assert.Equal(["Microsoft.Network/publicIPAddresses/read", "Microsoft.Network/virtualNetworks/read", "Microsoft.Network/networkSecurityGroups/read"], hosts.MissingActions);
    }
}
