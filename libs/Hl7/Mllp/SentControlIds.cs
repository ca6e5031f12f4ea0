namespace CloudRisPacs.Hl7.Mllp;

/// <summary>
/// The control ids (MSH-10) sent on one connection, the latest <see cref="Capacity"/> of them: a response naming one of
/// them is a late or extra answer to an earlier message, not a sign that the connection is out of step.
/// </summary>
internal sealed class SentControlIds
{
    public const int Capacity = 1024;

    private readonly Queue<string> order = new();
    private readonly HashSet<string> ids = new(StringComparer.Ordinal);

    public void Add(string controlId)
    {
        if (controlId.Length == 0 || !ids.Add(controlId))
        {
            return;
        }

        order.Enqueue(controlId);
        if (order.Count > Capacity)
        {
            ids.Remove(order.Dequeue());
        }
    }

    public bool Contains(string controlId) => ids.Contains(controlId);

    public void Clear()
    {
        order.Clear();
        ids.Clear();
    }
}
