using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Authentication;
using Azure;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Portal.DiskImages;
using Portal.Domain.Cloud;

namespace Portal.Azure;

/// <summary>
/// Opens a granted snapshot's SAS URL with the real Azure.Storage.Blobs client: one HEAD for the length, then ranged
/// GETs of <see cref="AzureConnectorOptions.SnapshotReadBlockSize"/> through a small bounded block cache; the disk is
/// never copied whole. Against AzureSim (or any endpoint override) the blob client uses the same certificate trust as the
/// connector. The SAS URL never reaches a log or an error message: errors name the host only.
/// </summary>
public sealed class BlobSnapshotReaderFactory : ISnapshotReaderFactory, IDisposable
{
    private readonly AzureConnectorOptions _options;
    private readonly ConcurrentDictionary<AzureEndpointOverride, Lazy<HttpPipelineTransport>> _transports = new();

    public BlobSnapshotReaderFactory(AzureConnectorOptions? options = null) => _options = options ?? new AzureConnectorOptions();

    public async Task<CloudResult<ISnapshotReader>> OpenAsync(DiskAccessGrant grant, CancellationToken cancellationToken = default)
    {
        if (grant?.SasUrl is not { } url || !url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps || string.IsNullOrEmpty(url.Query))
            return CloudErrorCatalog.Create(CloudErrorCodes.InvalidInput, "The snapshot grant has no HTTPS SAS URL.");
        var client = new BlobClient(url, ClientOptions(url));
        try
        {
            var props = await client.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var blockSize = Math.Clamp(_options.SnapshotReadBlockSize, 4096, 64 * 1024 * 1024);
            return CloudResult<ISnapshotReader>.Ok(new BlobSnapshotReader(client, props.Value.ContentLength, blockSize, Math.Max(1, _options.SnapshotReadCacheBlocks)));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return StorageErrors.Translate(ex, url);
        }
    }

    private BlobClientOptions ClientOptions(Uri url)
    {
        var o = new BlobClientOptions();
        o.Retry.Mode = global::Azure.Core.RetryMode.Exponential;
        o.Retry.MaxRetries = _options.BlobRetry.MaxRetries;
        o.Retry.Delay = _options.BlobRetry.Delay;
        o.Retry.MaxDelay = _options.BlobRetry.MaxDelay;
        o.Retry.NetworkTimeout = _options.BlobRetry.NetworkTimeout;
        o.Diagnostics.ApplicationId = _options.ApplicationId;
        // the SAS signature is redacted from Azure.Core's request logs; content is never logged
        o.Diagnostics.IsLoggingContentEnabled = false;
        if (OverrideFor(url) is { } ov)
            o.Transport = _transports.GetOrAdd(ov, k => new Lazy<HttpPipelineTransport>(() => new HttpClientTransport(k.CreateHandler()))).Value;
        return o;
    }

    /// <summary>The endpoint override whose host serves this URL (AzureSim serves ARM and blobs on 127.0.0.1): its trust applies.</summary>
    private AzureEndpointOverride? OverrideFor(Uri url) =>
        _options.EndpointOverrides.Values.FirstOrDefault(o => o.ArmEndpoint.Host.Equals(url.Host, StringComparison.OrdinalIgnoreCase));

    public void Dispose()
    {
        foreach (var t in _transports.Values)
            if (t.IsValueCreated && t.Value is IDisposable d) d.Dispose();
    }
}

/// <summary>
/// Random access to a snapshot's page blob: aligned blocks fetched by ranged GET, kept in a bounded LRU cache.
/// Thread-safe; two threads missing the same block may both fetch it (counted).
/// TODO(lead): swap the private cache for Portal.DiskImages' CachedDiskReader once it is on main.
/// </summary>
public sealed class BlobSnapshotReader : ISnapshotReader
{
    private readonly BlobClient _client;
    private readonly int _blockSize;
    private readonly int _capacity;
    private readonly object _gate = new();
    private readonly Dictionary<long, LinkedListNode<(long Index, byte[] Data)>> _map = new();
    private readonly LinkedList<(long Index, byte[] Data)> _lru = new();
    private readonly CancellationTokenSource _disposed = new();
    private long _bytesFetched;
    private int _requests;

    internal BlobSnapshotReader(BlobClient client, long length, int blockSize, int cacheBlocks)
    {
        _client = client;
        Length = length;
        _blockSize = blockSize;
        _capacity = cacheBlocks;
        _requests = 1; // the HEAD that found the length
    }

    public long Length { get; }

    public long BytesFetched => Interlocked.Read(ref _bytesFetched);

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The translated error of the last failed read (403: the SAS was revoked or expired).</summary>
    public CloudError? LastError { get; private set; }

    public int Read(long offset, Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (offset < 0) throw new ArgumentOutOfRangeException(nameof(offset));
        if (offset >= Length || buffer.IsEmpty) return 0;
        var n = (int)Math.Min(buffer.Length, Length - offset);
        var done = 0;
        while (done < n)
        {
            var pos = offset + done;
            var index = pos / _blockSize;
            var block = Block(index);
            var within = (int)(pos - index * _blockSize);
            var c = Math.Min(n - done, block.Length - within);
            if (c <= 0) break;
            block.AsSpan(within, c).CopyTo(buffer[done..]);
            done += c;
        }
        return done;
    }

    private byte[] Block(long index)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(index, out var hit))
            {
                _lru.Remove(hit);
                _lru.AddFirst(hit);
                return hit.Value.Data;
            }
        }
        var data = Fetch(index);
        lock (_gate)
        {
            if (!_map.ContainsKey(index))
            {
                _map[index] = _lru.AddFirst((index, data));
                while (_map.Count > _capacity && _lru.Last is { } last)
                {
                    _lru.RemoveLast();
                    _map.Remove(last.Value.Index);
                }
            }
        }
        return data;
    }

    private byte[] Fetch(long index)
    {
        var start = index * _blockSize;
        var len = (int)Math.Min(_blockSize, Length - start);
        var data = new byte[len];
        try
        {
            Interlocked.Increment(ref _requests);
            var response = _client.DownloadStreaming(new BlobDownloadOptions { Range = new global::Azure.HttpRange(start, len) }, _disposed.Token);
            using var stream = response.Value.Content;
            var got = 0;
            while (got < len)
            {
                var r = stream.Read(data, got, len - got);
                if (r == 0) break;
                got += r;
            }
            Interlocked.Add(ref _bytesFetched, got);
            if (got < len) throw new DiskReadException($"The snapshot's blob ended after {start + got} bytes, {Length} were announced.");
            return data;
        }
        catch (DiskReadException) { throw; }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested) { throw new ObjectDisposedException(nameof(BlobSnapshotReader)); }
        catch (Exception ex)
        {
            var error = StorageErrors.Translate(ex, _client.Uri);
            LastError = error;
            throw new DiskReadException($"Reading bytes {start}-{start + len - 1} of the snapshot failed: {error.Code}: {error.Message}", ex is RequestFailedException ? null : ex);
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested) return;
        _disposed.Cancel();
        lock (_gate)
        {
            _map.Clear();
            _lru.Clear();
        }
    }
}

/// <summary>Azure Storage's answers on a SAS URL, as a <see cref="CloudError"/> that names the host and never the URL.</summary>
internal static class StorageErrors
{
    public static CloudError Translate(Exception ex, Uri url)
    {
        var host = url.IsDefaultPort ? url.Host : $"{url.Host}:{url.Port}";
        for (var e = ex; e != null; e = e.InnerException)
        {
            switch (e)
            {
                case RequestFailedException rfe when rfe.Status == 403:
                    return CloudErrorCatalog.Create(CloudErrorCodes.SnapshotAccessRefused,
                        $"Azure Storage ({host}) refused the snapshot's SAS URL: 403 {rfe.ErrorCode ?? "AuthenticationFailed"}.") with { HttpStatus = 403, AzureCode = rfe.ErrorCode };
                case RequestFailedException rfe when rfe.Status == 404:
                    return CloudErrorCatalog.Create(CloudErrorCodes.ResourceNotFound,
                        $"Azure Storage ({host}) has no blob behind the snapshot's SAS URL: 404 {rfe.ErrorCode}.") with { HttpStatus = 404, AzureCode = rfe.ErrorCode };
                case RequestFailedException rfe when rfe.Status == 429 || rfe.Status >= 500:
                    return CloudErrorCatalog.Create(rfe.Status == 429 ? CloudErrorCodes.Throttled : CloudErrorCodes.ServiceUnavailable,
                        $"Azure Storage ({host}) answered {rfe.Status} {rfe.ErrorCode} and the retries did not get through.") with { HttpStatus = rfe.Status, AzureCode = rfe.ErrorCode };
                case RequestFailedException rfe when rfe.Status > 0:
                    return CloudErrorCatalog.Create(CloudErrorCodes.SnapshotReadFailed,
                        $"Azure Storage ({host}) answered {rfe.Status} {rfe.ErrorCode} to a read of the snapshot.") with { HttpStatus = rfe.Status, AzureCode = rfe.ErrorCode };
                case AuthenticationException tls:
                    return CloudErrorCatalog.Create(CloudErrorCodes.NetworkFailure, $"TLS with Azure Storage ({host}) failed: {tls.Message}");
                case SocketException sock:
                    return CloudErrorCatalog.Create(CloudErrorCodes.NetworkFailure, $"Azure Storage ({host}) could not be reached: {sock.SocketErrorCode}.");
                case TimeoutException or TaskCanceledException:
                    return CloudErrorCatalog.Create(CloudErrorCodes.Timeout, $"Azure Storage ({host}) did not answer in time.");
            }
        }
        if (ex is HttpRequestException or RequestFailedException)
            return CloudErrorCatalog.Create(CloudErrorCodes.NetworkFailure, $"Azure Storage ({host}) could not be reached.");
        return CloudErrorCatalog.Create(CloudErrorCodes.Unexpected, $"Reading the snapshot from {host} failed: {ex.GetType().Name}.");
    }
}
