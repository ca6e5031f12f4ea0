using BenchmarkDotNet.Attributes;
using CloudRisPacs.Dicom.IO;

namespace CloudRisPacs.Dicom.Benchmarks;

/// <summary>Header-only and full reads of the sample files from disk (the OS cache), with allocations.</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private static readonly DicomReaderOptions HeaderOnly = new() { StopBeforePixelData = true };

    [Params("CT_small", "MR_small", "CT_512")]
    public string File { get; set; } = "CT_small";

    private string path = string.Empty;

    [GlobalSetup]
    public void Setup() => path = File switch
    {
        "CT_small" => SampleFiles.CtSmall,
        "MR_small" => SampleFiles.MrSmall,
        _ => SampleFiles.Large,
    };

    [Benchmark]
    public int Header_only() => DicomFileReader.Read(path, HeaderOnly).Dataset.Count;

    [Benchmark]
    public int Full() => DicomFileReader.Read(path).Dataset.Count;
}
