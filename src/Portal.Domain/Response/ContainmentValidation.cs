using Portal.Domain.Accounts;
using Portal.Domain.Cloud;

namespace Portal.Domain.Response;

/// <summary>Problem codes of the response feature (the API maps them to HTTP statuses).</summary>
public static class ContainmentProblems
{
    public const string Invalid = CloudErrorCodes.InvalidInput;
    public const string NotFound = "NotFound";
    public const string FeatureDisabled = "FeatureDisabled";
    public const string MissingPermissions = "MissingPermissions";
    public const string Protected = "ProtectedTarget";
    public const string NoFreePriority = "NoFreePriority";
    public const string PlanBlocked = "PlanBlocked";
    public const string NoNsg = "NoNsg";
    public const string Conflict = "Conflict";

    public static OnboardingProblem Of(string code, string title, string detail, string? fix = null) => new(code, title, detail, fix);
}

/// <summary>Turns a request into a normalised, not yet stored action, or says what is wrong with it.</summary>
public static class ContainmentValidation
{
    public const int MaxReasonLength = 1000;
    /// <summary>Shortest prefixes accepted: blocking a /7 or a /15 of IPv6 is more likely a typo than a containment.</summary>
    public const int MinIpv4Length = 8, MinIpv6Length = 16;

    public static (ContainmentAction? Action, OnboardingProblem? Problem) Validate(ContainmentRequest request)
    {
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length == 0) return Invalid("'reason' is required: say why this containment is needed.");
        if (reason.Length > MaxReasonLength) return Invalid($"'reason' must be at most {MaxReasonLength} characters.");
        if (!Enum.IsDefined(request.Kind)) return Invalid("'action' must be block_ip, isolate or power.");
        if (request.IdempotencyKey is { Length: > 200 }) return Invalid("The idempotency key must be at most 200 characters.");
        var action = new ContainmentAction
        {
            Kind = request.Kind, Reason = reason, BothDirections = request.BothDirections, UseQuarantineNsg = request.UseQuarantineNsg,
            IdempotencyKey = string.IsNullOrWhiteSpace(request.IdempotencyKey) ? null : request.IdempotencyKey.Trim(), PlaybookRunId = request.PlaybookRunId,
        };
        switch (request.Kind)
        {
            case ContainmentKind.BlockIp:
            {
                var (prefix, error) = ParseBlockTarget(request.Target);
                if (prefix is null) return Invalid(error!);
                var scope = ResourceIds.Parse(request.Scope);
                if (scope is null) return Invalid("'scope' must be the resource id of a VM, a resource group or a subscription whose NSGs get the deny rule.");
                action.Target = prefix.ToString();
                action.Scope = request.Scope!.Trim().TrimEnd('/');
                action.SubscriptionId = scope.Value.SubscriptionId.ToLowerInvariant();
                if (request.ManagementCidr is not null) return Invalid("'managementCidr' applies to isolate only.");
                break;
            }
            case ContainmentKind.Isolate:
            case ContainmentKind.Power:
            {
                var vm = ResourceIds.Parse(request.Target);
                if (vm is not { Kind: ResourceIds.ScopeKind.Vm }) return Invalid("'target' must be a VM resource id (/subscriptions/…/resourceGroups/…/providers/Microsoft.Compute/virtualMachines/…).");
                action.Target = request.Target!.Trim().TrimEnd('/');
                action.SubscriptionId = vm.Value.SubscriptionId.ToLowerInvariant();
                if (request.Kind == ContainmentKind.Power)
                {
                    if (request.PowerAction is not { } power || !Enum.IsDefined(power)) return Invalid("'powerAction' is required: start, powerOff, deallocate or restart.");
                    action.PowerAction = power;
                }
                else if (!string.IsNullOrWhiteSpace(request.ManagementCidr))
                {
                    var m = AddressPrefix.TryParse(request.ManagementCidr);
                    if (m is null) return Invalid($"'managementCidr' '{request.ManagementCidr}' is not an IPv4/IPv6 address or CIDR.");
                    if (TooBroad(m)) return Invalid($"'managementCidr' {m} is too broad for an isolation exception (at least /{MinIpv4Length} for IPv4, /{MinIpv6Length} for IPv6).");
                    action.ManagementCidr = m.ToString();
                }
                break;
            }
        }
        action.ActiveKey = ContainmentAction.KeyOf(action.Kind, action.Target, action.Scope, action.PowerAction);
        return (action, null);
    }

    /// <summary>An address or CIDR to block: well-formed, not "any", not wider than /8 (IPv4) or /16 (IPv6).</summary>
    public static (AddressPrefix? Prefix, string? Error) ParseBlockTarget(string? target)
    {
        var t = target?.Trim() ?? "";
        if (t.Length == 0) return (null, "'target' is required: the IPv4/IPv6 address or CIDR to block.");
        if (t is "*" || t.Equals("Any", StringComparison.OrdinalIgnoreCase) || t.Equals("Internet", StringComparison.OrdinalIgnoreCase))
            return (null, $"'{t}' would block every address; give the attacker's address or range.");
        var p = AddressPrefix.TryParse(t);
        if (p is null) return (null, $"'{t}' is not an IPv4/IPv6 address or CIDR (e.g. 203.0.113.7, 198.51.100.0/24, 2001:db8::/48).");
        if (p.Length == 0) return (null, $"'{t}' would block every address; give the attacker's address or range.");
        if (TooBroad(p)) return (null, $"'{t}' is too broad to block (at least /{MinIpv4Length} for IPv4, /{MinIpv6Length} for IPv6).");
        return (p, null);
    }

    private static bool TooBroad(AddressPrefix p) => p.Length < (p.IsV6 ? MinIpv6Length : MinIpv4Length);

    private static (ContainmentAction?, OnboardingProblem?) Invalid(string detail) => (null, OnboardingProblem.Invalid(detail));
}
