using CloudRisPacs.Core.Storage;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Pipeline;

/// <summary>
/// Markers of handled messages that change no patient partition (MPPS, commitment, delivery results):
/// <c>ProcessedMessages</c>, partition <c>{tenant}</c>, row = message id. Checked before and written after the work,
/// whose effects are idempotent themselves, so a crash in between only repeats harmless work.
/// </summary>
public sealed class ProcessedMessageLog(ITableStore tables, TimeProvider time)
{
    private static string Table => CloudResourceNames.Tables.ProcessedMessages;

    public async Task<bool> WasHandledAsync(TenantId tenant, string messageId, CancellationToken cancellationToken) =>
        await tables.GetAsync(Table, tenant.Value, KeyPart.Encode(messageId), cancellationToken).ConfigureAwait(false) is not null;

    public async Task MarkHandledAsync(TenantId tenant, string messageId, string kind, string outcome, CancellationToken cancellationToken)
    {
        var row = new TableRow(tenant.Value, KeyPart.Encode(messageId)) { ["Kind"] = kind, ["Outcome"] = outcome, ["At"] = time.GetUtcNow() };
        await tables.UpsertAsync(Table, row, TableWriteMode.Replace, cancellationToken).ConfigureAwait(false);
    }
}
