namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// Receives what <see cref="DicomParser"/> reads, in input order. Values arrive little-endian whatever the transfer
/// syntax; a value up to <see cref="DicomParser.WholeValueLimit"/> bytes arrives in one call (first and last chunk at
/// once), larger values and fragments in several chunks, so that a copy never holds a whole large value. The spans
/// are only valid during the call.
/// </summary>
public interface IDicomReaderObserver
{
    /// <summary>A chunk of an element's value; an empty value is one call with an empty chunk.</summary>
    void OnElementValue(in DicomElementHeader header, ReadOnlySpan<byte> chunk, bool isFirstChunk, bool isLastChunk);

    /// <summary>A sequence starts (its header has VR SQ, also for UN sequences of undefined length).</summary>
    void OnSequenceStart(in DicomElementHeader header);

    /// <summary>An item of the current sequence starts.</summary>
    void OnItemStart(uint length, long offset);

    void OnItemEnd();

    void OnSequenceEnd();

    /// <summary>Encapsulated pixel data starts.</summary>
    void OnFragmentsStart(in DicomElementHeader header);

    /// <summary>A chunk of a fragment; the first fragment is the Basic Offset Table (possibly empty).</summary>
    void OnFragment(ReadOnlySpan<byte> chunk, uint fragmentLength, bool isFirstChunk, bool isLastChunk);

    void OnFragmentsEnd();

    /// <summary>A problem the reader tolerated.</summary>
    void OnWarning(DicomReadWarning warning);
}
