namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>
/// Responses enumerated by the caller, with each enumeration marked on the caller's flow as a
/// <see cref="ResponseEnumeration"/>; the iterator (from <paramref name="enumerate"/>) finishes the mark itself.
/// </summary>
internal sealed class MarkedResponses<T>(DimseSession session, Func<ResponseEnumeration, IAsyncEnumerable<T>> enumerate) : IAsyncEnumerable<T>
{
    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var mark = new ResponseEnumeration(session);
        return new Enumerator(mark, enumerate(mark).GetAsyncEnumerator(cancellationToken));
    }

    // Not an async method on purpose: an async method would undo the mark's async local when it returns.
    private sealed class Enumerator(ResponseEnumeration mark, IAsyncEnumerator<T> inner) : IAsyncEnumerator<T>
    {
        public T Current => inner.Current;

        public ValueTask<bool> MoveNextAsync()
        {
            mark.Enter();
            return inner.MoveNextAsync();
        }

        public ValueTask DisposeAsync()
        {
            mark.Leave();
            return inner.DisposeAsync();
        }
    }
}
