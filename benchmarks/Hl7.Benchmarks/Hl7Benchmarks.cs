using System.Text;
using BenchmarkDotNet.Attributes;
using CloudRisPacs.Hl7.Er7;

namespace CloudRisPacs.Hl7.Benchmarks;

/// <summary>Parse plus typed access of a 2 KB ORM and a 20 KB ORU, and writing an ORU; one message per operation.</summary>
[MemoryDiagnoser]
public class Hl7Benchmarks
{
    private readonly string orm = BenchmarkMessages.Orm;
    private readonly byte[] ormBytes = Encoding.Latin1.GetBytes(BenchmarkMessages.Orm);
    private readonly string oru = BenchmarkMessages.Oru;
    private readonly byte[] oruBytes = Encoding.UTF8.GetBytes(BenchmarkMessages.Oru);
    private readonly Hl7Message parsedOru = Hl7Message.Parse(BenchmarkMessages.Oru);
    private readonly string[] reportLines = Hl7Message.Parse(BenchmarkMessages.Oru).GetSegments("OBX").Select(s => s.GetValue(5)).ToArray();

    [Benchmark(Description = "ORM 2 KB: parse string only")]
    public int OrmParseOnly() => Hl7Message.Parse(orm).Segments.Count;

    [Benchmark(Description = "ORM 2 KB: parse string + typed access")]
    public int OrmParseAndRead() => TypedAccess.ReadOrm(Hl7Message.Parse(orm));

    [Benchmark(Description = "ORM 2 KB: parse bytes (MSH-18) + typed access")]
    public int OrmParseBytesAndRead() => TypedAccess.ReadOrm(Hl7Message.Parse(ormBytes));

    [Benchmark(Description = "ORU 20 KB: parse bytes + typed access")]
    public int OruParseBytesAndRead() => TypedAccess.ReadOru(Hl7Message.Parse(oruBytes));

    [Benchmark(Description = "ORU 20 KB: parse string + typed access")]
    public int OruParseAndRead() => TypedAccess.ReadOru(Hl7Message.Parse(oru));

    [Benchmark(Description = "ORU 20 KB: write parsed message to bytes")]
    public int OruWrite() => parsedOru.ToBytes().Length;

    [Benchmark(Description = "ORU 20 KB: build with typed views + write")]
    public int OruBuildAndWrite() => TypedAccess.BuildAndWriteOru(reportLines).Length;
}
