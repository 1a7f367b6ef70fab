using Portal.DiskImages;

namespace Portal.Domain.Cloud;

/// <summary>
/// Opens a granted snapshot's SAS URL as random-access bytes for the disk-image layer: ranged reads through a bounded
/// block cache, never the whole disk. Implemented beside the connector (Azure.Storage.Blobs); the reader is disposed
/// when the scan of that disk ends.
/// </summary>
public interface ISnapshotReaderFactory
{
    /// <summary>Opens the blob behind the grant; fails (with the storage error translated) when the SAS is refused.</summary>
    Task<CloudResult<ISnapshotReader>> OpenAsync(DiskAccessGrant grant, CancellationToken cancellationToken = default);
}

/// <summary>A snapshot's bytes, with what reading them cost.</summary>
public interface ISnapshotReader : IDiskReader, IDisposable
{
    /// <summary>Bytes fetched over the network so far (cache misses × block size, roughly).</summary>
    long BytesFetched { get; }

    /// <summary>Ranged requests sent so far.</summary>
    int Requests { get; }
}
