using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Core.Trace;

namespace CloudRisPacs.Core.Studies;

/// <summary>
/// Handles <see cref="BusMessageKinds.DicomInstanceStored"/>: checks the blob path names the announced instance inside the
/// channel tenant's own container (the payload never chooses the container), reads the header with ranged reads (no
/// pixel data), checks it is the announced instance, and indexes study, series and instance in one transaction;
/// a redelivery finds the instance row and changes nothing. The first instance of a study (or one bringing new
/// accession numbers) triggers reconciliation.
/// </summary>
public sealed class InstanceIndexer(PipelineServices services) : IBusMessageHandler
{
    public async Task<BusHandlingResult> HandleAsync(BusMessage message, BusDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(delivery);
        var tenant = delivery.Tenant;
        var stored = BusContractJson.Deserialize<InstanceStoredEvent>(message);
        var expectedPath = $"{stored.StudyInstanceUid}/{stored.SeriesInstanceUid}/{stored.SopInstanceUid}.dcm";
        if (!string.Equals(stored.BlobPath, expectedPath, StringComparison.Ordinal))
        {
            return await FailAsync(tenant, message, stored,
                $"Blob path '{stored.BlobPath}' is not '{expectedPath}' in the tenant's container {CloudResourceNames.DicomContainer(tenant)}; not indexed.",
                cancellationToken).ConfigureAwait(false);
        }

        LoadedHeader header;
        try
        {
            header = await services.HeaderLoader.LoadAsync(CloudResourceNames.DicomContainer(tenant), stored.BlobPath, stored.HeaderLengthBytes,
                stored.SizeBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (BlobNotFoundException)
        {
            return BusHandlingResult.RetryLater("blob-missing", $"Blob {stored.BlobPath} is not in {CloudResourceNames.DicomContainer(tenant)} (yet).");
        }
        catch (InvalidDataException ex)
        {
            return await FailAsync(tenant, message, stored, ex.Message, cancellationToken).ConfigureAwait(false);
        }

        var attributes = IndexedHeader.From(header.Dataset);
        if (attributes.StudyInstanceUid != stored.StudyInstanceUid || attributes.SeriesInstanceUid != stored.SeriesInstanceUid
            || attributes.SopInstanceUid != stored.SopInstanceUid)
        {
            return await FailAsync(tenant, message, stored,
                $"Blob {stored.BlobPath} holds study/series/instance {attributes.StudyInstanceUid}/{attributes.SeriesInstanceUid}/{attributes.SopInstanceUid}, " +
                "not the announced instance; not indexed.", cancellationToken).ConfigureAwait(false);
        }

        var now = services.Context.Now;
        var instance = new InstanceRecord
        {
            StudyInstanceUid = stored.StudyInstanceUid,
            SeriesInstanceUid = stored.SeriesInstanceUid,
            SopInstanceUid = stored.SopInstanceUid,
            SopClassUid = attributes.SopClassUid ?? stored.SopClassUid,
            TransferSyntaxUid = header.File.FileMetaInformation.GetString(Dicom.DicomTag.TransferSyntaxUID)?.TrimEnd('\0', ' ') ?? stored.TransferSyntaxUid,
            SizeBytes = stored.SizeBytes,
            BlobPath = stored.BlobPath,
            Sha256 = stored.Sha256,
            InstanceNumber = attributes.InstanceNumber,
            HeaderBytes = header.BytesRead,
            IndexedAt = now,
        };

        bool reconcile;
        for (var attempt = 0; ; attempt++)
        {
            var slice = await services.Studies.LoadForInstanceAsync(tenant, stored.StudyInstanceUid, stored.SeriesInstanceUid, cancellationToken).ConfigureAwait(false);
            var study = Merge(slice.Study, attributes, instance, stored.ReceivedAt == default ? now : stored.ReceivedAt, slice.Series is null);
            var series = (slice.Series ?? new SeriesRecord { SeriesInstanceUid = stored.SeriesInstanceUid }) with
            {
                Modality = slice.Series?.Modality ?? attributes.Modality,
                SeriesNumber = slice.Series?.SeriesNumber ?? attributes.SeriesNumber,
                SeriesDescription = slice.Series?.SeriesDescription ?? attributes.SeriesDescription,
                InstanceCount = (slice.Series?.InstanceCount ?? 0) + 1,
                SizeBytes = (slice.Series?.SizeBytes ?? 0) + stored.SizeBytes,
            };
            var result = await services.Studies.CommitInstanceAsync(tenant, instance, slice, study, series, cancellationToken).ConfigureAwait(false);
            if (result == PatientCommitResult.Conflict && attempt < 20)
            {
                // Instances of one study indexed in parallel (Storage Queues have no sessions): back off a little, randomly.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 20 * (attempt + 1))), services.Context.Time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (result == PatientCommitResult.Conflict)
            {
                return BusHandlingResult.RetryLater("study-busy", $"Study {stored.StudyInstanceUid} kept changing.");
            }

            // The first instance of a study, or one bringing new accession numbers, reconciles; a study left unmatched is
            // retried by the watchdog, not by every further instance.
            reconcile = result == PatientCommitResult.Committed
                && (slice.Study is null || study.AccessionNumbers.Count != slice.Study.AccessionNumbers.Count);
            break;
        }

        await services.Studies.UpsertSopIndexAsync(tenant, instance, cancellationToken).ConfigureAwait(false);
        await TenantPartitionWriter.WriteTraceAsync(services.Context.Tables, tenant, new TraceRecord
        {
            MessageId = message.MessageId,
            Kind = message.Kind,
            CorrelationId = message.CorrelationId,
            Outcome = TraceOutcome.Indexed,
            Detail = $"{instance.SopClassUid} {instance.BlobPath} ({instance.HeaderBytes} header bytes read of {instance.SizeBytes})"
                + string.Concat(attributes.Warnings.Select(w => "; " + w)),
            Accessions = attributes.AccessionNumbers,
            StudyInstanceUid = stored.StudyInstanceUid,
            At = now,
        }, cancellationToken).ConfigureAwait(false);

        if (reconcile)
        {
            var policy = await services.Context.PolicyAsync(tenant, cancellationToken).ConfigureAwait(false);
            await services.Reconciler.ReconcileAsync(policy, stored.StudyInstanceUid, cancellationToken).ConfigureAwait(false);
        }
        else if (instance.IsStructuredReport && Reported is { } callback)
        {
            await callback(tenant, stored.StudyInstanceUid, cancellationToken).ConfigureAwait(false);
        }

        return BusHandlingResult.Complete;
    }

    /// <summary>Called when a structured report is indexed into an already reconciled study.</summary>
    public Func<TenantId, string, CancellationToken, Task>? Reported { get; set; }

    private static StudyRecord Merge(StudyRecord? study, IndexedHeader header, InstanceRecord instance, DateTimeOffset at, bool newSeries)
    {
        study ??= new StudyRecord
        {
            StudyInstanceUid = instance.StudyInstanceUid,
            PatientId = header.PatientId,
            IssuerOfPatientId = header.IssuerOfPatientId,
            PatientName = header.PatientName,
            PatientBirthDate = header.PatientBirthDate,
            PatientSex = header.PatientSex,
            StudyDate = header.StudyDate,
            StudyTime = header.StudyTime,
            StudyDescription = header.StudyDescription,
            ReferringPhysicianName = header.ReferringPhysicianName,
            FirstInstanceAt = at,
        };
        return study with
        {
            AccessionNumbers = study.AccessionNumbers.Concat(header.AccessionNumbers).Distinct(StringComparer.Ordinal).ToArray(),
            Modalities = header.Modality is { } modality ? study.Modalities.Append(modality).Distinct(StringComparer.Ordinal).ToArray() : study.Modalities,
            SopClasses = study.SopClasses.Append(instance.SopClassUid).Distinct(StringComparer.Ordinal).ToArray(),
            SeriesCount = study.SeriesCount + (newSeries ? 1 : 0),
            InstanceCount = study.InstanceCount + 1,
            SizeBytes = study.SizeBytes + instance.SizeBytes,
            LastInstanceAt = at > study.LastInstanceAt ? at : study.LastInstanceAt,
        };
    }

    private async Task<BusHandlingResult> FailAsync(TenantId tenant, BusMessage message, InstanceStoredEvent stored, string reason, CancellationToken cancellationToken)
    {
        await services.Exceptions.RaiseAsync(tenant, new ExceptionRecord
        {
            Id = ExceptionStore.IdFor(ExceptionKinds.IndexingFailed, message.MessageId),
            Kind = ExceptionKinds.IndexingFailed,
            Reason = reason,
            MessageId = message.MessageId,
            StudyInstanceUid = stored.StudyInstanceUid,
            RawMessage = System.Text.Encoding.UTF8.GetString(message.Body.Span),
        }, cancellationToken).ConfigureAwait(false);
        await TenantPartitionWriter.WriteTraceAsync(services.Context.Tables, tenant, new TraceRecord
        {
            MessageId = message.MessageId, Kind = message.Kind, Outcome = TraceOutcome.Rejected, Detail = reason,
            StudyInstanceUid = stored.StudyInstanceUid, At = services.Context.Now,
        }, cancellationToken).ConfigureAwait(false);
        return BusHandlingResult.Complete;
    }
}
