namespace Portal.Cspm.Checks.Defender;

public sealed class DefenderAgentlessK8sDiscovery : DefenderExtensionCheck
{
    protected override string Plan => "Containers";
    protected override string Extension => "AgentlessDiscoveryForKubernetes";
    protected override CheckMetadata Build() => Meta("azure-defender-agentless-k8s-discovery", "Defender for Containers agentless Kubernetes discovery is off", Severity.Low, "Defender", ResourceTypes.Pricing,
        "pricings/Containers must be Standard with extension AgentlessDiscoveryForKubernetes enabled.",
        "Kubernetes clusters' posture and attack paths are not discovered.", Portal, Cli, "3.1.4.2");
}
