using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Identity;
using CloudRisPacs.Dicom.Network.Pdu;
using CloudRisPacs.Dicom.Network.Services;
using Microsoft.Extensions.Logging;

namespace CloudRisPacs.Dicom.Network.Hosting;

/// <summary>
/// The server's answer to an A-ASSOCIATE-RQ, in order: application context, called AE title, calling AE title, the
/// application's own association check, user identity, the association limit, then each presentation context from the
/// service registry. Every rejection is logged with why.
/// </summary>
internal sealed class AssociationPolicy(DicomServerOptions options, DicomServiceRegistry registry, ILogger logger, TimeProvider time)
{
    // Replaced whole while the server runs (a changed modality list); each request reads one version.
    private volatile HashSet<string> allowedCalling = options.AllowedCallingAeTitles.Select(t => t.Trim()).ToHashSet(StringComparer.Ordinal);
    private readonly UserIdentityNegotiation identities = new(options, time);
    private int established;

    public int Established => Volatile.Read(ref established);

    /// <summary>Decides; when it accepts, <c>Counted</c> is true and <see cref="Leave"/> must follow when the association ends.</summary>
    public async ValueTask<(Pdu.Pdu Answer, bool Counted)> DecideAsync(AssociateRequestPdu request, DimseSession session, CancellationToken cancellationToken)
    {
        if (Screen(request, session) is { } refusal)
        {
            return (refusal, false);
        }

        var candidate = new DicomAssociationCandidate(request.CallingAeTitle, request.CalledAeTitle, session.RemoteEndPoint);
        var identity = await identities.NegotiateAsync(candidate, request.UserInformation.UserIdentity, cancellationToken).ConfigureAwait(false);
        if (identity.Refusal is { } why)
        {
            // PS3.7 D.3.3.7.2: a user identity failure is rejected by the service user with no reason given.
            return (Reject(request, session, identity.Result, AssociateRejectSource.ServiceUser, AssociateRejectReason.NoReasonGiven, why), false);
        }

        if (identity.User is { } user)
        {
            HostingLog.IdentityVerified(logger, session.Id, request.CallingAeTitle, user, identity.ServerResponse is null ? "no response requested" : "positive response sent");
        }

        if (Interlocked.Increment(ref established) > options.MaxConcurrentAssociations)
        {
            Interlocked.Decrement(ref established);
            return (Reject(request, session, AssociateRejectResult.Transient, AssociateRejectSource.ServiceProviderPresentation, AssociateRejectReason.LocalLimitExceeded,
                $"{options.MaxConcurrentAssociations} associations are open already"), false);
        }

        return (Accept(request, session, identity.ServerResponse), true);
    }

    public void Leave() => Interlocked.Decrement(ref established);

    public void ReplaceAllowedCallingAeTitles(IEnumerable<string> aeTitles) =>
        allowedCalling = aeTitles.Select(t => t.Trim()).ToHashSet(StringComparer.Ordinal);

    public void ReplaceUserIdentityValidator(IDicomUserIdentityValidator? validator) => identities.Replace(validator);

    /// <summary>The checks that need no waiting: application context, context ids, AE titles and <see cref="DicomServerOptions.AssociationCheck"/>.</summary>
    private AssociateRejectPdu? Screen(AssociateRequestPdu request, DimseSession session)
    {
        if (request.ApplicationContextName != DicomApplicationContext.Name)
        {
            return Reject(request, session, AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.ApplicationContextNameNotSupported,
                $"application context '{request.ApplicationContextName}' is not the DICOM application context");
        }

        if (request.PresentationContexts.Any(c => c.Id % 2 == 0) || request.PresentationContexts.DistinctBy(c => c.Id).Count() != request.PresentationContexts.Count)
        {
            return Reject(request, session, AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.NoReasonGiven,
                "presentation context ids must be odd and unique (PS3.8 section 9.3.2.2)");
        }

        if (!DicomAeTitle.IsValid(request.CallingAeTitle))
        {
            return Reject(request, session, AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CallingAeTitleNotRecognized,
                "the calling AE title is not a valid AE title");
        }

        if (!DicomAeTitle.IsValid(request.CalledAeTitle))
        {
            return Reject(request, session, AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CalledAeTitleNotRecognized,
                "the called AE title is not a valid AE title");
        }

        if (options.CheckCalledAeTitle && request.CalledAeTitle != options.AeTitle.Trim())
        {
            return Reject(request, session, AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CalledAeTitleNotRecognized,
                $"called AE title '{request.CalledAeTitle}' is not '{options.AeTitle}'");
        }

        if (!options.AllowAnyCallingAeTitle && !allowedCalling.Contains(request.CallingAeTitle))
        {
            return Reject(request, session, AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CallingAeTitleNotRecognized,
                $"calling AE title '{request.CallingAeTitle}' is not in AllowedCallingAeTitles");
        }

        return Check(request, session);
    }

    private AssociateAcceptPdu Accept(AssociateRequestPdu request, DimseSession session, ByteString? identityResponse)
    {
        var (results, roles, extended) = PresentationContextNegotiator.Negotiate(request, registry);
        foreach (var result in results)
        {
            HostingLog.ContextResult(logger, session.Id, result.Id, request.PresentationContexts.First(c => c.Id == result.Id).AbstractSyntax, result.IsAccepted ? $"accepted with {result.TransferSyntax}" : result.Result.ToString());
        }

        HostingLog.Accepted(logger, session.Id, request.CallingAeTitle, request.CalledAeTitle, results.Count(r => r.IsAccepted), results.Count);
        var userInformation = new UserInformation
        {
            MaximumLength = (uint)options.MaxPduLength,
            ImplementationClassUid = DicomImplementation.ClassUid,
            ImplementationVersionName = DicomImplementation.VersionName,
            RoleSelections = roles,
            ExtendedNegotiations = extended,
            AsynchronousOperationsWindow = AsynchronousOperationsNegotiation.Answer(request.UserInformation.AsynchronousOperationsWindow, options.MaxAsyncOperations),
            UserIdentityServerResponse = identityResponse,
        };
        return new AssociateAcceptPdu(request.CalledAeTitle, request.CallingAeTitle, results, userInformation);
    }

    /// <summary>The configured <see cref="DicomServerOptions.AssociationCheck"/>; a check that throws refuses transiently (no reason given).</summary>
    private AssociateRejectPdu? Check(AssociateRequestPdu request, DimseSession session)
    {
        if (options.AssociationCheck is not { } check)
        {
            return null;
        }

        string? why;
        try
        {
            why = check(new DicomAssociationCandidate(request.CallingAeTitle, request.CalledAeTitle, session.RemoteEndPoint));
        }
#pragma warning disable CA1031 // The check is the application's code: whatever it throws refuses this association, never the server.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Reject(request, session, AssociateRejectResult.Transient, AssociateRejectSource.ServiceUser, AssociateRejectReason.NoReasonGiven,
                $"the association check failed: {ex.GetType().Name}: {ex.Message}");
        }

        return why is null
            ? null
            : Reject(request, session, AssociateRejectResult.Permanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CallingAeTitleNotRecognized, why);
    }

    private AssociateRejectPdu Reject(AssociateRequestPdu request, DimseSession session, AssociateRejectResult result, AssociateRejectSource source, byte reason, string why)
    {
        HostingLog.Rejected(logger, session.Id, request.CallingAeTitle, request.CalledAeTitle, session.RemoteEndPoint, why);
        return new AssociateRejectPdu(result, source, reason);
    }
}
