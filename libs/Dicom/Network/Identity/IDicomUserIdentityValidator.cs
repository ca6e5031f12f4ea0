using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Identity;

/// <summary>
/// Verifies the user identity a requestor presents in its A-ASSOCIATE-RQ (PS3.7 section D.3.3.7), for
/// <see cref="DicomServerOptions.UserIdentityValidator"/>. The server asks only when an identity was presented; whether
/// one is required is <see cref="DicomServerOptions.RequireUserIdentity"/>. It runs while the requestor waits for the
/// answer, bounded by <see cref="DicomServerOptions.ArtimTimeout"/>; what it throws refuses the association, never the
/// server.
/// </summary>
public interface IDicomUserIdentityValidator
{
    /// <summary>Accepts or rejects <paramref name="identity"/> (its secondary field holds a passcode: never log it).</summary>
    ValueTask<DicomUserIdentityDecision> ValidateAsync(DicomAssociationCandidate candidate, UserIdentityRequest identity, CancellationToken cancellationToken);
}
