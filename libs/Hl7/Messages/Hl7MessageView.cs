using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Segments;

namespace CloudRisPacs.Hl7.Messages;

/// <summary>Base of the message-level views: checks MSH-9.1 and offers the header and segment lookups.</summary>
public abstract class Hl7MessageView
{
    protected Hl7MessageView(Hl7Message message, string messageCode, params string[] triggerEvents)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(triggerEvents);
        var type = new MshSegment(message.Header).MessageType;
        var code = type?.MessageCode ?? string.Empty;
        var trigger = type?.TriggerEvent ?? string.Empty;
        if (code != messageCode || (triggerEvents.Length > 0 && !triggerEvents.Contains(trigger)))
        {
            var expected = triggerEvents.Length == 0 ? messageCode : $"{messageCode}^{string.Join('/', triggerEvents)}";
            throw new ArgumentException($"The message is {code}^{trigger}, not {expected}.", nameof(message));
        }

        Message = message;
    }

    public Hl7Message Message { get; }

    public MshSegment Msh => new(Message.Header);

    /// <summary>MSH-9.2.</summary>
    public string TriggerEvent => Msh.MessageType?.TriggerEvent ?? string.Empty;

    protected T? Find<T>(string id, Func<Hl7Segment, T> view)
        where T : class => Message.FindSegment(id) is { } segment ? view(segment) : null;

    public override string ToString() => Message.ToString();
}
