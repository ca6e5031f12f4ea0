using System.Net;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>
/// What <see cref="DicomServerOptions.AssociationCheck"/> sees of an association request: who calls whom, and from
/// where (the TCP peer, which the requestor cannot choose as freely as its AE title).
/// </summary>
public sealed record DicomAssociationCandidate(string CallingAeTitle, string CalledAeTitle, IPEndPoint? RemoteEndPoint);
