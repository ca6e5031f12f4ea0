namespace CloudRisPacs.Dicom.IO;

/// <summary>Reports what a parser reads to several observers in turn (a writer and a header builder, for a streaming copy).</summary>
public sealed class DicomObserverTee(params IDicomReaderObserver[] observers) : IDicomReaderObserver
{
    public void OnElementValue(in DicomElementHeader header, ReadOnlySpan<byte> chunk, bool isFirstChunk, bool isLastChunk)
    {
        foreach (var observer in observers)
        {
            observer.OnElementValue(header, chunk, isFirstChunk, isLastChunk);
        }
    }

    public void OnSequenceStart(in DicomElementHeader header)
    {
        foreach (var observer in observers)
        {
            observer.OnSequenceStart(header);
        }
    }

    public void OnItemStart(uint length, long offset)
    {
        foreach (var observer in observers)
        {
            observer.OnItemStart(length, offset);
        }
    }

    public void OnItemEnd()
    {
        foreach (var observer in observers)
        {
            observer.OnItemEnd();
        }
    }

    public void OnSequenceEnd()
    {
        foreach (var observer in observers)
        {
            observer.OnSequenceEnd();
        }
    }

    public void OnFragmentsStart(in DicomElementHeader header)
    {
        foreach (var observer in observers)
        {
            observer.OnFragmentsStart(header);
        }
    }

    public void OnFragment(ReadOnlySpan<byte> chunk, uint fragmentLength, bool isFirstChunk, bool isLastChunk)
    {
        foreach (var observer in observers)
        {
            observer.OnFragment(chunk, fragmentLength, isFirstChunk, isLastChunk);
        }
    }

    public void OnFragmentsEnd()
    {
        foreach (var observer in observers)
        {
            observer.OnFragmentsEnd();
        }
    }

    public void OnWarning(DicomReadWarning warning)
    {
        foreach (var observer in observers)
        {
            observer.OnWarning(warning);
        }
    }
}
