namespace CloudRisPacs.Dicom.Network.Dimse;

/// <summary>
/// Marks the flow of control (an async local, so it follows the consumer's awaits) that is enumerating the responses
/// of one of its own requests, a C-FIND's matches. While that flow runs its loop body the request stays outstanding,
/// and once more responses arrive than are buffered the network reader waits for the loop too: a further request of
/// the same flow that has to wait for the request's place in the window would wait forever.
/// </summary>
internal sealed class ResponseEnumeration(DimseSession session)
{
    private static readonly AsyncLocal<ResponseEnumeration?> Current = new();
    private readonly DimseSession session = session;
    private ResponseEnumeration? outer;
    private bool entered;
    private volatile bool outstanding;

    /// <summary>
    /// Called from the consumer's own MoveNextAsync, synchronously, so that the mark is set in the consumer's flow and
    /// not only inside the iterator (whose changes to async locals are undone when it yields).
    /// </summary>
    public void Enter()
    {
        if (!entered)
        {
            entered = true;
            outer = Current.Value;
            Current.Value = this;
        }
    }

    /// <summary>The request has been sent: from now on until <see cref="Finish"/> it holds a place.</summary>
    public void Start() => outstanding = true;

    /// <summary>The final response has been taken, or the enumeration was given up.</summary>
    public void Finish() => outstanding = false;

    /// <summary>Called from the consumer's DisposeAsync, synchronously, for the same reason as <see cref="Enter"/>.</summary>
    public void Leave()
    {
        outstanding = false;
        if (entered && Current.Value == this)
        {
            Current.Value = outer;
        }
    }

    /// <summary>How many enumerations of outstanding requests on <paramref name="on"/> the current flow is inside.</summary>
    public static int UnfinishedIn(DimseSession on)
    {
        var count = 0;
        for (var mark = Current.Value; mark is not null; mark = mark.outer)
        {
            if (mark.session == on && mark.outstanding)
            {
                count++;
            }
        }

        return count;
    }
}
