namespace CloudRisPacs.Dicom.IO;

/// <summary>What a read file started with.</summary>
public enum DicomFileLayout
{
    /// <summary>Preamble, <c>DICM</c> and File Meta Information, as PS3.10 requires.</summary>
    Part10,

    /// <summary>File Meta Information without the preamble (with or without <c>DICM</c>).</summary>
    MetaWithoutPreamble,

    /// <summary>A bare data set (ACR-NEMA style); its transfer syntax was sniffed.</summary>
    DatasetOnly,
}
