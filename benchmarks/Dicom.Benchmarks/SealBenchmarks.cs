using BenchmarkDotNet.Attributes;
using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Benchmarks;

/// <summary>
/// The CRC-32C that seals every stored instance (<see cref="Crc32C"/>), over a 512 KiB instance in the pieces a
/// C-STORE hands the file (one PDV of a 64 KiB PDU each), against one running CRC, as it was before the three lanes.
/// </summary>
public class SealBenchmarks
{
    private const int Piece = 65_524;
    private readonly byte[] instance = new byte[512 * 1024];

    [GlobalSetup]
    public void Setup() => new Random(1).NextBytes(instance);

    [Benchmark(Baseline = true)]
    public uint One_running_crc() => Pieces(static (crc, piece) => Crc32C.AppendOneLane(crc, piece));

    [Benchmark]
    public uint Three_lanes() => Pieces(static (crc, piece) => Crc32C.Append(crc, piece));

    private delegate uint Append(uint crc, ReadOnlySpan<byte> piece);

    private uint Pieces(Append append)
    {
        var crc = Crc32C.Initial;
        for (var offset = 0; offset < instance.Length; offset += Piece)
        {
            crc = append(crc, instance.AsSpan(offset, Math.Min(Piece, instance.Length - offset)));
        }

        return crc;
    }
}
