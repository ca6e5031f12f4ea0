using System.Net;

namespace CloudRisPacs.Hl7.Mllp;

/// <summary>Who is on the other end of an MLLP connection.</summary>
public sealed record MllpConnectionInfo(string ConnectionId, IPEndPoint RemoteEndPoint, IPEndPoint LocalEndPoint, DateTimeOffset ConnectedAt);
