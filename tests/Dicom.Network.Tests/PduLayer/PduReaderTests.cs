using System.Buffers;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Tests.PduLayer;

/// <summary>The reader's tolerance and its limits, on hand-made bytes.</summary>
public sealed class PduReaderTests
{
    [Fact]
    public void An_unknown_pdu_type_is_an_invalid_pdu_unrecognized()
    {
        var buffer = new ReadOnlySequence<byte>([0x09, 0, 0, 0, 0, 4, 1, 2, 3, 4]);
        Assert.True(PduReader.TryRead(ref buffer, 65536, out var pdu));
        var invalid = Assert.IsType<InvalidPdu>(pdu);
        Assert.Equal(AbortReason.UnrecognizedPdu, invalid.Reason);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void A_p_data_longer_than_the_limit_is_refused_before_it_is_buffered()
    {
        var buffer = new ReadOnlySequence<byte>([0x04, 0, 0x00, 0x10, 0x00, 0x01]);
        Assert.True(PduReader.TryRead(ref buffer, 65536, out var pdu));
        Assert.Equal(AbortReason.InvalidPduParameterValue, Assert.IsType<InvalidPdu>(pdu).Reason);
    }

    [Fact]
    public void A_pdv_item_overrunning_its_pdu_is_invalid()
    {
        var buffer = new ReadOnlySequence<byte>([0x04, 0, 0, 0, 0, 8, 0, 0, 0, 9, 1, 3, 0xAA, 0xBB]);
        Assert.True(PduReader.TryRead(ref buffer, 65536, out var pdu));
        Assert.Contains("PDV item length 9", Assert.IsType<InvalidPdu>(pdu).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Padding_and_unknown_items_of_peers_are_tolerated()
    {
        var request = new AssociateRequestPdu("SCP", "SCU", [new PresentationContextRequest(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])], new UserInformation { MaximumLength = 16384 });
        var bytes = PduWriter.ToArray(request).ToList();

        // An unknown item (type 0x33) appended to the request, and the PDU length fixed up: skipped when read.
        bytes.AddRange([0x33, 0, 0, 2, 0xDE, 0xAD]);
        var length = bytes.Count - 6;
        bytes[2] = (byte)(length >> 24);
        bytes[3] = (byte)(length >> 16);
        bytes[4] = (byte)(length >> 8);
        bytes[5] = (byte)length;
        var buffer = new ReadOnlySequence<byte>(bytes.ToArray());

        Assert.True(PduReader.TryRead(ref buffer, 65536, out var pdu));
        Assert.Equal(request, pdu);
    }

    [Fact]
    public void The_writer_refuses_what_may_not_go_on_the_wire()
    {
        var context = new PresentationContextRequest(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"]);
        Assert.Throws<ArgumentException>(() => PduWriter.ToArray(new AssociateRequestPdu("A TITLE TOO LONG FOR AE", "SCU", [context], new UserInformation())));
        Assert.Throws<ArgumentException>(() => PduWriter.ToArray(new AssociateRequestPdu("SCP", "SCU", [context with { Id = 2 }], new UserInformation())));
        Assert.Throws<ArgumentException>(() => PduWriter.ToArray(new AssociateRequestPdu("SCP", "SCU", [context with { AbstractSyntax = "1.02.3" }], new UserInformation())));
        Assert.Throws<ArgumentException>(() => PduWriter.ToArray(new AssociateRequestPdu("SCP", "SCU", [], new UserInformation())));
        Assert.Throws<ArgumentException>(() => PduWriter.ToArray(new PDataTransferPdu([])));
        Assert.Throws<ArgumentException>(() => PduWriter.ToArray(new InvalidPdu(9, AbortReason.UnrecognizedPdu, "x")));
    }

    [Fact]
    public void Ae_titles_are_read_without_their_padding()
    {
        var bytes = PduWriter.ToArray(new AssociateRequestPdu("  SCP", "SCU  ", [new PresentationContextRequest(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])], new UserInformation()));
        var buffer = new ReadOnlySequence<byte>(bytes);
        PduReader.TryRead(ref buffer, 65536, out var pdu);
        var request = Assert.IsType<AssociateRequestPdu>(pdu);
        Assert.Equal(("SCP", "SCU"), (request.CalledAeTitle, request.CallingAeTitle));
    }
}
