using CloudRisPacs.Core.Exceptions;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.TestSupport;
using static CloudRisPacs.Core.Tests.Pipeline.OrderIngestionTests;
using static CloudRisPacs.Core.Tests.Pipeline.RisMessages;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>
/// An order whose identifiers DICOM cannot carry to the modality (SH holds 16 characters and no backslash) is refused
/// with AE / ERR 102 naming the field, instead of reaching the worklist where the edge would have to blank it.
/// </summary>
public sealed class DicomIdentifierRefusalTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTime T0 = new(2024, 3, 15, 8, 30, 0);

    public static TheoryData<string, string, string, string> Identifiers => new()
    {
        { "ACC-2024-00012345", "RP1", "SPS1", "accession number 'ACC-2024-00012345' (IPC-1, OBR-18) has 17 characters" },
        { "ACC7002", "RP-2024-000123456", "SPS1", "requested procedure id 'RP-2024-000123456' (IPC-2, OBR-19) has 17 characters" },
        { "ACC7003", "RP1", @"SPS\7", @"scheduled procedure step id 'SPS\7' (IPC-4, OBR-20) contains a backslash" },
    };

    [Theory]
    [MemberData(nameof(Identifiers))]
    public async Task An_order_identifier_DICOM_cannot_carry_is_refused_with_AE_naming_the_field(string accession, string requestedProcedureId, string stepId, string reason)
    {
        var h = await PipelineHarness.CreateAsync(azurite);
        await h.CompleteAsync(h.Hl7(Orm(Max, "NW", "SC", T0, new Order(accession, requestedProcedureId, stepId)), enhanced: true));

        var outcome = Assert.Single(PipelineHarness.Bodies<Hl7Outcome>(await h.DrainEdgeAsync(), BusMessageKinds.Hl7Outcome));
        Assert.Equal("AE", outcome.AcknowledgmentCode);
        Assert.Equal("102", outcome.ErrorCode);
        Assert.Contains(reason, outcome.ErrorText, StringComparison.Ordinal);
        var exception = Assert.Single((await h.Pipeline.Api.ListExceptionsAsync(Staff(h.Tenant), "open", null, null, default)).Exceptions);
        Assert.Equal(ExceptionKinds.RejectedMessage, exception.Kind);
        Assert.Contains(reason, exception.Reason, StringComparison.Ordinal);
        Assert.Equal(accession, exception.AccessionNumber);
        Assert.Empty((await h.Pipeline.Api.GetWorklistAsync(Staff(h.Tenant), default)).Items);
    }
}
