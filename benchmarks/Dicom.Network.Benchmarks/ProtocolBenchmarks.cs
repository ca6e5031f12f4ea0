using System.Buffers;
using BenchmarkDotNet.Attributes;
using CloudRisPacs.Dicom.Network.Pdu;
using CloudRisPacs.Dicom.Network.Services.Worklist;

namespace CloudRisPacs.Dicom.Network.Benchmarks;

/// <summary>The hot paths on their own: reading and writing P-DATA PDUs, matching a worklist query.</summary>
[MemoryDiagnoser]
public class ProtocolBenchmarks
{
    private byte[] pdata = [];
    private PDataTransferPdu pdu = null!;
    private ArrayBufferWriter<byte> output = null!;
    private List<DicomDataset> items = [];
    private DicomDataset query = null!;
    private DicomQueryMatcher matcher = null!;

    [GlobalSetup]
    public void Setup()
    {
        pdu = new PDataTransferPdu(new PresentationDataValue(1, false, false, new byte[65536 - 6]));
        pdata = PduWriter.ToArray(pdu);
        output = new ArrayBufferWriter<byte>(70_000);
        items = Workload.WorklistItems(10_000);
        query = new DicomDataset().SetEmpty(DicomTag.PatientName).SetEmpty(DicomTag.AccessionNumber);
        query.SetSequence(DicomTag.ScheduledProcedureStepSequence, new DicomDataset()
            .SetString(DicomTag.ScheduledStationAETitle, "STATION07")
            .SetString(DicomTag.ScheduledProcedureStepStartDate, "20240301-20240310")
            .SetEmpty(DicomTag.Modality));
        matcher = new DicomQueryMatcher();
    }

    [Benchmark]
    public Network.Pdu.Pdu? Read_a_64_KiB_p_data_pdu()
    {
        var buffer = new ReadOnlySequence<byte>(pdata);
        PduReader.TryRead(ref buffer, 1 << 20, out var read);
        return read;
    }

    [Benchmark]
    public int Write_a_64_KiB_p_data_pdu()
    {
        output.ResetWrittenCount();
        PduWriter.Write(pdu, output);
        return output.WrittenCount;
    }

    [Benchmark]
    public int Match_a_query_against_10000_worklist_items()
    {
        var matches = 0;
        foreach (var item in items)
        {
            matches += matcher.Match(query, item) is null ? 0 : 1;
        }

        return matches;
    }
}
