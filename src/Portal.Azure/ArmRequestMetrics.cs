using System.Diagnostics.Metrics;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Portal.Azure;

/// <summary>Counts what the connector sends to Azure (for the sync benchmark, health and tests).</summary>
public sealed class ArmRequestMetrics
{
    /// <summary>Meter name for System.Diagnostics.Metrics listeners.</summary>
    public const string MeterName = "Portal.Azure";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> ArmCounter = Meter.CreateCounter<long>("portal.azure.arm.requests", description: "HTTP requests sent to Azure Resource Manager, retries included");
    private static readonly Counter<long> ThrottledCounter = Meter.CreateCounter<long>("portal.azure.arm.throttled", description: "ARM responses with status 429");
    private static readonly Counter<long> TokenCounter = Meter.CreateCounter<long>("portal.azure.token.requests", description: "Token requests sent to Entra ID");

    private long _arm;
    private long _throttled;
    private long _token;

    /// <summary>HTTP requests sent to ARM (each retry counts).</summary>
    public long ArmRequests => Interlocked.Read(ref _arm);

    /// <summary>ARM answers with 429.</summary>
    public long ThrottledResponses => Interlocked.Read(ref _throttled);

    /// <summary>HTTP requests sent to Entra ID's endpoints.</summary>
    public long TokenRequests => Interlocked.Read(ref _token);

    internal void CountArm(int status)
    {
        Interlocked.Increment(ref _arm);
        ArmCounter.Add(1);
        OperationScope.Current?.Increment();
        if (status == 429)
        {
            Interlocked.Increment(ref _throttled);
            ThrottledCounter.Add(1);
        }
    }

    internal void CountToken()
    {
        Interlocked.Increment(ref _token);
        TokenCounter.Add(1);
    }
}

/// <summary>Counts the ARM requests made inside one connector operation (flows with the async context).</summary>
internal sealed class OperationScope : IDisposable
{
    private static readonly AsyncLocal<OperationScope?> CurrentScope = new();
    private readonly OperationScope? _parent;
    private int _count;

    private OperationScope(OperationScope? parent) => _parent = parent;

    public static OperationScope? Current => CurrentScope.Value;

    public int Count => Volatile.Read(ref _count);

    public static OperationScope Begin()
    {
        var s = new OperationScope(CurrentScope.Value);
        CurrentScope.Value = s;
        return s;
    }

    public void Increment()
    {
        Interlocked.Increment(ref _count);
        _parent?.Increment();
    }

    public void Dispose() => CurrentScope.Value = _parent;
}

/// <summary>Per-retry policy: counts each ARM request and bounds how many are in flight.</summary>
internal sealed class ArmRequestPolicy(ArmRequestMetrics metrics, SemaphoreSlim gate) : HttpPipelinePolicy
{
    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await gate.WaitAsync(message.CancellationToken).ConfigureAwait(false);
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
            metrics.CountArm(message.HasResponse ? message.Response.Status : 0);
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        gate.Wait(message.CancellationToken);
        try
        {
            ProcessNext(message, pipeline);
        }
        finally
        {
            gate.Release();
            metrics.CountArm(message.HasResponse ? message.Response.Status : 0);
        }
    }
}

/// <summary>Per-retry policy on the credential's pipeline: counts token-endpoint requests.</summary>
internal sealed class TokenRequestPolicy(ArmRequestMetrics metrics) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message) => metrics.CountToken();
}
