using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Identity;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Edge.DicomServices;

/// <summary>
/// The agent's DICOM user accounts as the server's identity check: those configured at start, replaced as a whole when
/// the configuration file changes (<see cref="Replace"/>), so a user added or removed counts from the next association.
/// </summary>
public sealed class ConfiguredUsers(IEnumerable<DicomUserAccount> accounts) : IDicomUserIdentityValidator
{
    private volatile DicomUserAccountValidator current = new(accounts);

    public void Replace(IEnumerable<DicomUserAccount> accounts) => current = new DicomUserAccountValidator(accounts);

    public ValueTask<DicomUserIdentityDecision> ValidateAsync(DicomAssociationCandidate candidate, UserIdentityRequest identity, CancellationToken cancellationToken) =>
        current.ValidateAsync(candidate, identity, cancellationToken);
}
