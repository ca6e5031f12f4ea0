using CloudRisPacs.Dicom.Network.Identity;
using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>
/// The server's side of user identity negotiation (PS3.7 D.3.3.7): asks the configured validator about the presented
/// identity and decides the server response. A validator that throws or does not answer within the ARTIM timeout
/// refuses transiently (the requestor may try again; its identity was never judged), and never ends the server.
/// </summary>
internal sealed class UserIdentityNegotiation(DicomServerOptions options, TimeProvider time)
{
    private volatile IDicomUserIdentityValidator? current = options.UserIdentityValidator;

    /// <summary>The validator for the next association; null: identities are not looked at.</summary>
    public void Replace(IDicomUserIdentityValidator? validator) => current = validator;

    public async ValueTask<UserIdentityOutcome> NegotiateAsync(DicomAssociationCandidate candidate, UserIdentityRequest? identity, CancellationToken cancellationToken)
    {
        if (current is not { } validator)
        {
            return UserIdentityOutcome.Unverified;
        }

        if (identity is null)
        {
            return options.RequireUserIdentity
                ? UserIdentityOutcome.Refused("no user identity was presented, and one is required (RequireUserIdentity)")
                : UserIdentityOutcome.Unverified;
        }

        DicomUserIdentityDecision decision;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ArtimTimeout);

            // On the thread pool and with WaitAsync, so a validator that blocks (a passcode hash is seconds of CPU at
            // worst) or ignores its token is still bounded.
            decision = await Task.Run(() => validator.ValidateAsync(candidate, identity, timeout.Token).AsTask(), CancellationToken.None)
                .WaitAsync(options.ArtimTimeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return UserIdentityOutcome.Refused($"the user identity validator did not answer within {options.ArtimTimeout}", AssociateRejectResult.Transient);
        }
#pragma warning disable CA1031 // The validator is the application's code: whatever it throws refuses this association, never the server.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return UserIdentityOutcome.Refused($"the user identity validator failed: {ex.GetType().Name}: {ex.Message}", AssociateRejectResult.Transient);
        }

        if (decision is null || !decision.IsAccepted)
        {
            return UserIdentityOutcome.Refused($"user identity rejected: {decision?.Reason ?? "the validator gave no decision"}");
        }

        return UserIdentityOutcome.Verified(decision.User!, identity.PositiveResponseRequested ? ServerResponse(identity, decision) : (ByteString?)null);
    }

    // PS3.7 table D.3-15: the response to a username or a username with passcode is zero length.
    private static ByteString ServerResponse(UserIdentityRequest identity, DicomUserIdentityDecision decision) =>
        identity.IdentityType is UserIdentityType.Username or UserIdentityType.UsernameAndPasscode ? ByteString.Empty : decision.ServerResponse;
}
