using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Compute.Models;
using Portal.Domain.Cloud;

namespace Portal.Azure;

/// <summary>
/// Response (containment): NSG and security-rule writes with etags, NIC association, VM power. Network goes through
/// <see cref="ArmRawClient"/> with the pinned Microsoft.Network api-version; Compute through the SDK. Every write waits
/// for Azure's long-running operation to end.
/// </summary>
public sealed partial class AzureCloudConnector
{
    private const string NsgType = "Microsoft.Network/networkSecurityGroups";
    private const string NicType = "Microsoft.Network/networkInterfaces";
    private const string VmType = "Microsoft.Compute/virtualMachines";

    public Task<CloudResult<NsgInfo>> GetNetworkSecurityGroupAsync(CloudCredential credential, string nsgId, CancellationToken cancellationToken = default) =>
        RunOnResourceAsync(credential, nsgId, NsgType, async (raw, id) =>
            NsgReader.Read(await raw.GetAsync(Versioned(id), cancellationToken).ConfigureAwait(false), id.SubscriptionId!), cancellationToken);

    public Task<CloudResult<NsgInfo>> CreateNetworkSecurityGroupAsync(CloudCredential credential, NsgCreateSpec spec, CancellationToken cancellationToken = default)
    {
        if (spec is null || string.IsNullOrWhiteSpace(spec.ResourceGroup) || string.IsNullOrWhiteSpace(spec.Name) || string.IsNullOrWhiteSpace(spec.Location))
            return Task.FromResult(CloudResult<NsgInfo>.Fail(CloudErrorCatalog.Create(CloudErrorCodes.InvalidInput, "An NSG needs a subscription, resource group, name and location.")));
        var id = $"/subscriptions/{spec.SubscriptionId}/resourceGroups/{spec.ResourceGroup}/providers/{NsgType}/{spec.Name}";
        return RunOnResourceAsync(credential, id, NsgType, async (raw, rid) =>
        {
            var path = Versioned(rid);
            if (await raw.GetOrNullAsync(path, cancellationToken).ConfigureAwait(false) is { } existing)
                return NsgReader.Read(existing, spec.SubscriptionId);
            var tags = new JsonObject();
            foreach (var (k, v) in spec.Tags ?? new Dictionary<string, string>()) tags[k] = v;
            var body = new JsonObject { ["location"] = spec.Location, ["tags"] = tags, ["properties"] = new JsonObject() };
            try
            {
                // If-None-Match: a PUT that raced with another creator must not wipe the rules that creator added
                return NsgReader.Read(await raw.PutAsync(path, body, ifMatch: null, ifNoneMatch: "*", cancellationToken).ConfigureAwait(false), spec.SubscriptionId);
            }
            catch (ListingFailedException lf) when (lf.Error.Code == CloudErrorCodes.PreconditionFailed)
            {
                return NsgReader.Read(await raw.GetAsync(path, cancellationToken).ConfigureAwait(false), spec.SubscriptionId);
            }
        }, cancellationToken);
    }

    public Task<CloudResult<bool>> DeleteNetworkSecurityGroupAsync(CloudCredential credential, string nsgId, CancellationToken cancellationToken = default) =>
        RunOnResourceAsync(credential, nsgId, NsgType, (raw, id) => raw.DeleteAsync(Versioned(id), cancellationToken), cancellationToken);

    public Task<CloudResult<NsgRuleInfo>> PutSecurityRuleAsync(CloudCredential credential, string nsgId, NsgRuleInfo rule, string? ifMatchEtag = null, CancellationToken cancellationToken = default)
    {
        if (rule is null || !ValidChildName(rule.Name))
            return Task.FromResult(CloudResult<NsgRuleInfo>.Fail(CloudErrorCatalog.Create(CloudErrorCodes.InvalidInput, $"'{rule?.Name}' is not a security rule name.")));
        return RunOnResourceAsync(credential, nsgId, NsgType, async (raw, id) =>
        {
            var stored = await raw.PutAsync(RulePath(id, rule.Name), SecurityRuleJson.Body(rule), ifMatchEtag, null, cancellationToken).ConfigureAwait(false);
            return NsgReader.ReadRule(stored, isDefault: false);
        }, cancellationToken);
    }

    public Task<CloudResult<bool>> DeleteSecurityRuleAsync(CloudCredential credential, string nsgId, string ruleName, CancellationToken cancellationToken = default)
    {
        if (!ValidChildName(ruleName))
            return Task.FromResult(CloudResult<bool>.Fail(CloudErrorCatalog.Create(CloudErrorCodes.InvalidInput, $"'{ruleName}' is not a security rule name.")));
        return RunOnResourceAsync(credential, nsgId, NsgType, (raw, id) => raw.DeleteAsync(RulePath(id, ruleName), cancellationToken), cancellationToken);
    }

    public Task<CloudResult<VmInfo>> GetVirtualMachineAsync(CloudCredential credential, string vmId, CancellationToken cancellationToken = default) =>
        RunOnResourceAsync(credential, vmId, VmType, (raw, id) => ReadVmAsync(GetClients(credential), raw, id, cancellationToken), cancellationToken);

    public Task<CloudResult<VmNicInfo>> SetNetworkInterfaceNsgAsync(CloudCredential credential, string nicId, string? nsgId, CancellationToken cancellationToken = default)
    {
        if (nsgId != null && ParseId(nsgId, NsgType) is null)
            return Task.FromResult(CloudResult<VmNicInfo>.Fail(CloudErrorCatalog.Create(CloudErrorCodes.InvalidInput, $"'{nsgId}' is not a network security group id.")));
        return RunOnResourceAsync(credential, nicId, NicType, async (raw, id) =>
        {
            var path = Versioned(id);
            for (var attempt = 0; ; attempt++)
            {
                var current = await raw.GetAsync(path, cancellationToken).ConfigureAwait(false);
                var nic = JsonNode.Parse(current.GetRawText())!.AsObject();
                var props = nic["properties"] as JsonObject ?? throw new ListingFailedException(CloudErrorCatalog.Create(CloudErrorCodes.Unexpected, "The network interface has no properties."));
                var had = (props["networkSecurityGroup"] as JsonObject)?["id"]?.GetValue<string>();
                if (string.Equals(had, nsgId, StringComparison.OrdinalIgnoreCase)) return await ToNicInfoAsync(raw, current, cancellationToken).ConfigureAwait(false);
                if (nsgId == null) props.Remove("networkSecurityGroup");
                else props["networkSecurityGroup"] = new JsonObject { ["id"] = nsgId };
                var etag = AzureCloudConnector.Str(current, "etag");
                try
                {
                    var stored = await raw.PutAsync(path, nic, etag, null, cancellationToken).ConfigureAwait(false);
                    return await ToNicInfoAsync(raw, stored, cancellationToken).ConfigureAwait(false);
                }
                catch (ListingFailedException lf) when (lf.Error.Code == CloudErrorCodes.PreconditionFailed && attempt == 0)
                {
                    // someone else changed the NIC between our GET and PUT: read it again and apply our change to theirs, once
                }
            }
        }, cancellationToken);
    }

    public Task<CloudResult<string>> RunPowerActionAsync(CloudCredential credential, string vmId, VmPowerAction action, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(action))
            return Task.FromResult(CloudResult<string>.Fail(CloudErrorCatalog.Create(CloudErrorCodes.InvalidInput, $"Unknown power action {action}.")));
        return RunOnResourceAsync(credential, vmId, VmType, async (_, id) =>
        {
            var vm = GetClients(credential).Arm.GetVirtualMachineResource(id);
            // WaitUntil.Completed: the SDK follows Azure-AsyncOperation / Location to the end
            ArmOperation done = action switch
            {
                VmPowerAction.Start => await vm.PowerOnAsync(WaitUntil.Completed, cancellationToken).ConfigureAwait(false),
                VmPowerAction.PowerOff => await vm.PowerOffAsync(WaitUntil.Completed, skipShutdown: null, cancellationToken).ConfigureAwait(false),
                VmPowerAction.Deallocate => await vm.DeallocateAsync(WaitUntil.Completed, hibernate: null, cancellationToken).ConfigureAwait(false),
                VmPowerAction.Restart => await vm.RestartAsync(WaitUntil.Completed, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentOutOfRangeException(nameof(action)),
            };
            if (!done.HasCompleted) throw new ListingFailedException(CloudErrorCatalog.Create(CloudErrorCodes.Timeout, "Azure did not finish the power operation."));
            var after = await vm.GetAsync(InstanceViewType.InstanceView, cancellationToken).ConfigureAwait(false);
            return VmJoin.PowerState(after.Value.Data);
        }, cancellationToken);
    }

    // ------------------------------------------------------------------------------------------ VM and NIC reads

    private async Task<VmInfo> ReadVmAsync(CachedClients c, ArmRawClient raw, ResourceIdentifier id, CancellationToken ct)
    {
        var vm = await c.Arm.GetVirtualMachineResource(id).GetAsync(InstanceViewType.InstanceView, ct).ConfigureAwait(false);
        var data = vm.Value.Data;
        var nicIds = (data.NetworkProfile?.NetworkInterfaces ?? []).Select(r => r.Id?.ToString()).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase);
        var nics = (await Task.WhenAll(nicIds.Select(n => raw.GetOrNullAsync(Versioned(n), ct))).ConfigureAwait(false))
            .OfType<JsonElement>().Select(VmJoin.ReadNic).ToList();
        var (pips, subnets) = await ResolveNicLinksAsync(raw, nics, ct).ConfigureAwait(false);
        return VmJoin.Join(id.SubscriptionId!, [data], nics, pips, subnets).Single();
    }

    private async Task<VmNicInfo> ToNicInfoAsync(ArmRawClient raw, JsonElement nicJson, CancellationToken ct)
    {
        var nic = VmJoin.ReadNic(nicJson);
        var (pips, subnets) = await ResolveNicLinksAsync(raw, [nic], ct).ConfigureAwait(false);
        return VmJoin.ToNicInfo(nic, nic.Primary, pips, subnets);
    }

    /// <summary>The public IP addresses and the subnets' NSGs the NICs refer to (one GET each, in parallel).</summary>
    private async Task<(Dictionary<string, string> PublicIps, Dictionary<string, string?> SubnetNsgs)> ResolveNicLinksAsync(ArmRawClient raw, IReadOnlyList<VmJoin.Nic> nics, CancellationToken ct)
    {
        var pipIds = nics.SelectMany(n => n.IpConfigs).Select(i => i.PublicIpId).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var subnetIds = nics.SelectMany(n => n.IpConfigs).Select(i => i.SubnetId).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var pipTask = Task.WhenAll(pipIds.Select(async p => (Id: p, Json: await raw.GetOrNullAsync(Versioned(p), ct).ConfigureAwait(false))));
        var subnetTask = Task.WhenAll(subnetIds.Select(async s => (Id: s, Json: await raw.GetOrNullAsync(Versioned(s), ct).ConfigureAwait(false))));
        var pips = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (pid, json) in await pipTask.ConfigureAwait(false))
            if (json is { } j && j.TryGetProperty("properties", out var p) && Str(p, "ipAddress") is { Length: > 0 } ip) pips[pid] = ip;
        var subnets = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (sid, json) in await subnetTask.ConfigureAwait(false))
            subnets[sid] = json is { } j && j.TryGetProperty("properties", out var p) && p.TryGetProperty("networkSecurityGroup", out var n) && n.ValueKind == JsonValueKind.Object ? Str(n, "id") : null;
        return (pips, subnets);
    }

    // ------------------------------------------------------------------------------------------ plumbing

    /// <summary>
    /// Validates the resource id (type and subscription), then runs <paramref name="body"/> with a raw client on the credential's
    /// pipeline. Any 404 (resource, parent or resource group gone) comes back as <see cref="CloudErrorCodes.ResourceNotFound"/>
    /// with Azure's own code kept in <see cref="CloudError.AzureCode"/>.
    /// </summary>
    private async Task<CloudResult<T>> RunOnResourceAsync<T>(CloudCredential credential, string resourceId, string expectedType, Func<ArmRawClient, ResourceIdentifier, Task<T>> body, CancellationToken ct)
    {
        if (ParseId(resourceId, expectedType) is not { } id)
            return CloudErrorCatalog.Create(CloudErrorCodes.InvalidInput, $"'{resourceId}' is not a {expectedType} resource id.");
        var result = await RunAsync(credential, c => body(RawClient(c), id), ct, id.SubscriptionId).ConfigureAwait(false);
        if (result.IsSuccess || result.Error.HttpStatus != 404 || result.Error.Code is CloudErrorCodes.SubscriptionNotFound or CloudErrorCodes.ResourceNotFound) return result;
        var e = result.Error;
        return CloudErrorCatalog.Create(CloudErrorCodes.ResourceNotFound, e.Message) with { HttpStatus = 404, AzureCode = e.AzureCode ?? e.Code };
    }

    private ArmRawClient RawClient(CachedClients c) =>
        new(c.Pipeline, c.ArmEndpoint, c.Credential, _options.LongRunningPollInterval, _options.LongRunningTimeout);

    private static ResourceIdentifier? ParseId(string? id, string expectedType)
    {
        if (string.IsNullOrWhiteSpace(id) || !id.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var rid = new ResourceIdentifier(id);
            return rid.ResourceType.ToString().Equals(expectedType, StringComparison.OrdinalIgnoreCase) && rid.SubscriptionId != null && rid.ResourceGroupName != null
                ? rid : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool ValidChildName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Length <= 80 && name.IndexOfAny(['/', '?', '#', '%', '\\']) < 0;

    private string Versioned(ResourceIdentifier id) => Versioned(id.ToString());

    private string Versioned(string id) => $"{id}?api-version={_options.NetworkApiVersion}";

    private string RulePath(ResourceIdentifier nsg, string rule) => $"{nsg}/securityRules/{Uri.EscapeDataString(rule)}?api-version={_options.NetworkApiVersion}";
}
