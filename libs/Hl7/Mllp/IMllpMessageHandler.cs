namespace CloudRisPacs.Hl7.Mllp;

/// <summary>
/// What an <see cref="MllpServer"/> does with each message. The handler gets the raw bytes and returns the response
/// bytes (usually an HL7 ACK) that the server frames and sends; an empty response sends nothing. Messages of one
/// connection are handled one at a time and in order: message N's response is written before N+1 is read.
/// A handler that throws gets the sender an AE/CE NAK (table 0357 code 207) instead of an ACK.
/// </summary>
public interface IMllpMessageHandler
{
    ValueTask<ReadOnlyMemory<byte>> HandleAsync(MllpMessageContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Told of a frame refused for its size, before the server sends the NAK and closes the connection, so the refusal
    /// can be recorded: the server never hands the whole frame over. A throw here turns the NAK's AR into AE.
    /// </summary>
    ValueTask OversizeAsync(MllpOversizeFrame frame, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
