using System.IO.Pipelines;

namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>The outcome of adding one PDV to the <see cref="DimseAssembler"/>.</summary>
internal readonly record struct DimseAssembly(DimseAssemblyKind Kind, DimseMessage? Message = null, ReadOnlyMemory<byte> DataSetBytes = default, PipeReader? DataSetStream = null, Task? DataSetComplete = null, string? Error = null)
{
    public static DimseAssembly None => default;

    public static DimseAssembly Failed(string error) => new(DimseAssemblyKind.ProtocolError, Error: error);
}
