namespace CloudRisPacs.Hl7.Mllp;

/// <summary>One received message: its raw bytes (unframed), the connection, and its 1-based number on that connection.</summary>
public sealed record MllpMessageContext(ReadOnlyMemory<byte> Message, MllpConnectionInfo Connection, long SequenceNumber);
