using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Tests.Dimse;

/// <summary>Reassembly of DIMSE messages, and the message-exchange rules whose breach aborts the association.</summary>
public sealed class AssemblerTests
{
    private static readonly DicomPresentationContext Context = new(1, DicomUid.Verification.Value, DicomTransferSyntax.ImplicitVRLittleEndian);

    [Fact]
    public async Task A_command_in_many_fragments_is_one_message()
    {
        var assembler = Assembler();
        var command = DicomDatasetWriter.Encode(DimseCommand.Request(DimseCommandField.CEchoRequest, 7, DicomUid.Verification.Value), DicomTransferSyntax.ImplicitVRLittleEndian);

        DimseAssembly last = default;
        for (var i = 0; i < command.Length; i += 10)
        {
            var chunk = command.AsMemory(i, Math.Min(10, command.Length - i)).ToArray();
            last = await assembler.AddAsync(new PresentationDataValue(1, true, i + 10 >= command.Length, chunk), CancellationToken.None);
        }

        Assert.Equal(DimseAssemblyKind.Message, last.Kind);
        Assert.Equal(DimseCommandField.CEchoRequest, last.Message!.CommandField);
        Assert.Equal(7, last.Message.MessageId);
    }

    [Fact]
    public async Task A_c_store_data_set_is_streamed_while_other_data_sets_are_buffered()
    {
        var assembler = Assembler();
        var command = DicomDatasetWriter.Encode(DimseCommand.Request(DimseCommandField.CStoreRequest, 1, DicomUid.CTImageStorage.Value, "1.2.3", hasDataSet: true), DicomTransferSyntax.ImplicitVRLittleEndian);

        var started = await assembler.AddAsync(new PresentationDataValue(1, true, true, command), CancellationToken.None);
        Assert.Equal(DimseAssemblyKind.StreamStarted, started.Kind);
        var reading = started.DataSetStream!.AsStream().ReadAsync(new byte[3]).AsTask();
        Assert.Equal(DimseAssemblyKind.None, (await assembler.AddAsync(new PresentationDataValue(1, false, false, new byte[] { 1, 2, 3 }), CancellationToken.None)).Kind);
        Assert.Equal(3, await reading);
        Assert.Equal(DimseAssemblyKind.None, (await assembler.AddAsync(new PresentationDataValue(1, false, true, new byte[] { 4 }), CancellationToken.None)).Kind);
        await started.DataSetComplete!;
    }

    [Fact]
    public async Task Breaches_of_the_exchange_rules_are_protocol_errors()
    {
        var command = DicomDatasetWriter.Encode(DimseCommand.Request(DimseCommandField.CFindRequest, 1, DicomUid.Verification.Value, hasDataSet: true), DicomTransferSyntax.ImplicitVRLittleEndian);

        Assert.Contains("without a command", (await Assembler().AddAsync(new PresentationDataValue(1, false, true, new byte[2]), CancellationToken.None)).Error, StringComparison.Ordinal);
        Assert.Contains("not accepted", (await Assembler().AddAsync(new PresentationDataValue(3, true, true, command), CancellationToken.None)).Error, StringComparison.Ordinal);
        Assert.Contains("command", (await Assembler().AddAsync(new PresentationDataValue(1, true, true, new byte[] { 0, 0, 1 }), CancellationToken.None)).Error, StringComparison.Ordinal);

        var assembler = Assembler();
        await assembler.AddAsync(new PresentationDataValue(1, true, true, command), CancellationToken.None);
        Assert.Contains("was expected", (await assembler.AddAsync(new PresentationDataValue(1, true, true, command), CancellationToken.None)).Error, StringComparison.Ordinal);

        var limited = new DimseAssembler(new DimseSessionOptions { MaxBufferedDataSetLength = 100 }, id => id == 1 ? Context : null);
        await limited.AddAsync(new PresentationDataValue(1, true, true, command), CancellationToken.None);
        Assert.Contains("longer than 100 bytes", (await limited.AddAsync(new PresentationDataValue(1, false, false, new byte[101]), CancellationToken.None)).Error, StringComparison.Ordinal);
    }

    private static DimseAssembler Assembler() => new(new DimseSessionOptions(), id => id == 1 ? Context : null);
}
