namespace Portal.Cspm;

/// <summary>Controls of <see cref="CisBenchmark.V300"/> that no check evaluates, with the reason they cannot be evaluated from
/// ARM reads. The coverage report and a test make sure every control is either evaluated by a check or listed here.</summary>
public static class NotEvaluable
{
    public static IReadOnlyDictionary<string, string> V300 { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["8.10"] = "Multi-factor authentication for identities with privileged access to VMs is Microsoft Entra ID configuration " +
                   "(Conditional Access policies, authentication methods, per-user MFA) read through Microsoft Graph, not ARM; " +
                   "ARM role assignments carry only principal object ids, so whether those principals must use MFA is not visible.",
    };
}
