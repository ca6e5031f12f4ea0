using CloudRisPacs.Dicom.Network.Pdu;

namespace CloudRisPacs.Dicom.Network.Services;

/// <summary>
/// Answers the presentation contexts, role selections and extended negotiation of an A-ASSOCIATE-RQ from the registry
/// (PS3.7 annex D, PS3.8 section 9.3.3.2): an unknown SOP class is "abstract syntax not supported", a role this side
/// cannot take is a user rejection, no acceptable transfer syntax is "transfer syntaxes not supported".
/// </summary>
internal static class PresentationContextNegotiator
{
    public static (List<PresentationContextResult> Results, List<RoleSelection> Roles, List<SopClassExtendedNegotiation> Extended) Negotiate(AssociateRequestPdu request, DicomServiceRegistry registry)
    {
        var results = new List<PresentationContextResult>();
        var roles = new Dictionary<string, RoleSelection>(StringComparer.Ordinal);
        foreach (var context in request.PresentationContexts)
        {
            var registration = registry.Find(context.AbstractSyntax);
            if (registration is null)
            {
                results.Add(new PresentationContextResult(context.Id, PresentationContextResultReason.AbstractSyntaxNotSupported, string.Empty));
                continue;
            }

            var proposedRole = request.UserInformation.RoleSelections.FirstOrDefault(r => r.SopClassUid == context.AbstractSyntax);
            var requestorScu = (proposedRole?.ScuRole ?? true) && registration.ServesAsScp;
            var requestorScp = (proposedRole?.ScpRole ?? false) && registration.ServesAsScu;
            if (!requestorScu && !requestorScp)
            {
                results.Add(new PresentationContextResult(context.Id, PresentationContextResultReason.UserRejection, string.Empty));
                continue;
            }

            var syntax = registration.Policy.Choose(context.TransferSyntaxes);
            if (syntax is null)
            {
                results.Add(new PresentationContextResult(context.Id, PresentationContextResultReason.TransferSyntaxesNotSupported, string.Empty));
                continue;
            }

            results.Add(new PresentationContextResult(context.Id, PresentationContextResultReason.Acceptance, syntax));
            if (proposedRole is not null)
            {
                roles[context.AbstractSyntax] = new RoleSelection(context.AbstractSyntax, requestorScu, requestorScp);
            }
        }

        var extended = new List<SopClassExtendedNegotiation>();
        foreach (var offer in request.UserInformation.ExtendedNegotiations)
        {
            if (registry.Find(offer.SopClassUid)?.ExtendedNegotiation is { } answer
                && results.Any(r => r.IsAccepted && request.PresentationContexts.First(c => c.Id == r.Id).AbstractSyntax == offer.SopClassUid)
                && answer(offer.ServiceClassApplicationInformation) is { } reply)
            {
                extended.Add(new SopClassExtendedNegotiation(offer.SopClassUid, reply));
            }
        }

        return (results, roles.Values.ToList(), extended);
    }
}
