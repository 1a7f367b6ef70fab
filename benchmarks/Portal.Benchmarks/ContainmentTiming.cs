using System.Diagnostics;
using System.Reflection;
using Portal.Domain.Cloud;

namespace Portal.Benchmarks;

/// <summary>
/// Adds up the time spent inside the connector's calls (each call timed from invocation until its task completes), so the
/// benchmark can subtract Azure's share from the total. Actions make their connector calls one after the other.
/// </summary>
public class ConnectorTiming : DispatchProxy
{
    private ICloudConnector _inner = null!;
    private long _ticks;

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public static ConnectorTiming Wrap(ICloudConnector inner)
    {
        var proxy = Create<ICloudConnector, ConnectorTiming>();
        var timing = (ConnectorTiming)(object)proxy;
        timing._inner = inner;
        return timing;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        var started = Stopwatch.GetTimestamp();
        object? result;
        try { result = method!.Invoke(_inner, args); }
        catch (TargetInvocationException e) { throw e.InnerException!; }
        // Registered before the caller awaits, and run synchronously: the time is added before the caller resumes.
        if (result is Task task)
            task.ContinueWith(_ => Add(started), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        else Add(started);
        return result;
    }

    private void Add(long started) => Interlocked.Add(ref _ticks, Stopwatch.GetElapsedTime(started).Ticks);
}

/// <summary>Adds up the time of the HTTP exchanges with the simulator (ARM and Entra), measured at the transport.</summary>
public sealed class HttpTiming
{
    private long _ticks;

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public sealed class Handler(HttpTiming timing, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            try { return await base.SendAsync(request, cancellationToken); }
            finally { Interlocked.Add(ref timing._ticks, Stopwatch.GetElapsedTime(started).Ticks); }
        }
    }
}
