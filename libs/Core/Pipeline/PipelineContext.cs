using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudRisPacs.Core.Pipeline;

/// <summary>The ports and settings every pipeline component works with; one per host.</summary>
public sealed class PipelineContext
{
    public PipelineContext(ITableStore tables, IBlobStore blobs, IBusPublisher publisher, TenantRegistry registry,
        PipelineOptions options, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("The pipeline options are invalid: " + string.Join(" ", problems), nameof(options));
        }

        Tables = tables;
        Blobs = blobs;
        Publisher = publisher;
        Registry = registry;
        Options = options;
        Time = time ?? TimeProvider.System;
        Loggers = loggers ?? NullLoggerFactory.Instance;
    }

    public ITableStore Tables { get; }

    public IBlobStore Blobs { get; }

    public IBusPublisher Publisher { get; }

    public TenantRegistry Registry { get; }

    public PipelineOptions Options { get; }

    public TimeProvider Time { get; }

    public ILoggerFactory Loggers { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    public async Task<TenantPolicy> PolicyAsync(TenantId tenant, CancellationToken cancellationToken)
    {
        var settings = await Registry.GetSettingsAsync(tenant, cancellationToken).ConfigureAwait(false);
        return TenantPolicy.Resolve(tenant, Options, settings);
    }
}
