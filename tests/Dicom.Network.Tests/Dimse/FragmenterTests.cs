using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Tests.Dimse;

/// <summary>Messages are cut to the peer's maximum PDU length, flagged right, and reassemble to the same bytes.</summary>
public sealed class FragmenterTests
{
    [Theory]
    [InlineData(4096u, 100_000)]
    [InlineData(16384u, 16378)]
    [InlineData(16384u, 16379)]
    [InlineData(0u, 1_500_000)]
    public async Task A_data_set_is_cut_to_the_maximum_pdu_length_and_flagged_last_once(uint maxPdu, int length)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        var sent = new List<PDataTransferPdu>();
        var maxFragment = DimseFragmenter.MaxFragmentLength(maxPdu, 1 << 20);

        await DimseFragmenter.SendStreamAsync(1, new MemoryStream(data), maxFragment, pdu => { sent.Add(Copy(pdu)); return Task.CompletedTask; }, CancellationToken.None);

        var limit = maxPdu == 0 ? 1u << 20 : maxPdu;
        Assert.All(sent, pdu => Assert.True(PduWriter.ToArray(pdu).Length - 6 <= limit, "a PDU exceeds the maximum length"));
        Assert.Equal(1, sent.SelectMany(p => p.Values).Count(v => v.IsLastFragment));
        Assert.True(sent[^1].Values[^1].IsLastFragment);
        var joined = new MemoryStream();
        foreach (var value in sent.SelectMany(p => p.Values))
        {
            joined.Write(value.Data.Span);
        }

        Assert.True(data.AsSpan().SequenceEqual(joined.ToArray()), "the fragments do not join to the data set");
    }

    [Fact]
    public async Task A_small_data_set_travels_in_the_pdu_of_its_command()
    {
        var sent = new List<PDataTransferPdu>();
        await DimseFragmenter.SendAsync(3, new byte[60], new byte[200], 16378, pdu => { sent.Add(pdu); return Task.CompletedTask; });

        var pdu = Assert.Single(sent);
        Assert.Equal([true, false], pdu.Values.Select(v => v.IsCommand));
        Assert.All(pdu.Values, v => Assert.True(v.IsLastFragment));
    }

    [Fact]
    public async Task An_empty_stream_is_one_empty_last_fragment()
    {
        var sent = new List<PDataTransferPdu>();
        await DimseFragmenter.SendStreamAsync(1, Stream.Null, 1000, pdu => { sent.Add(pdu); return Task.CompletedTask; }, CancellationToken.None);
        var value = Assert.Single(Assert.Single(sent).Values);
        Assert.True(value.IsLastFragment);
        Assert.Equal(0, value.Data.Length);
    }

    // The fragmenter reuses its buffers once a PDU is written: keep a copy.
    private static PDataTransferPdu Copy(PDataTransferPdu pdu) =>
        new(pdu.Values.Select(v => v with { Data = v.Data.Span.ToArray() }).ToArray());
}
