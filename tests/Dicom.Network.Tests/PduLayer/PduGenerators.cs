using CloudRisPacs.Dicom.Network.Pdu;
using FsCheck;
using FsCheck.Fluent;
using NetPdu = CloudRisPacs.Dicom.Network.Pdu.Pdu;

namespace CloudRisPacs.Dicom.Network.Tests.PduLayer;

/// <summary>Generators of valid PDUs: every type, every user information sub-item, the limits of each field.</summary>
public static class PduGenerators
{
    private const string AeCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 _-.";

    public static Gen<string> AeTitle() =>
        Gen.Choose(1, 16).SelectMany(length => Gen.ArrayOf(Gen.Elements(AeCharacters.ToCharArray()), length))
            .Select(chars => new string(chars).Trim())
            .Where(title => title.Length > 0);

    public static Gen<string> Uid() =>
        from count in Gen.Choose(1, 10)
        from parts in Gen.ArrayOf(Gen.Choose(0, 99999), count)
        select ("1.2." + string.Join('.', parts))[..Math.Min(64, ("1.2." + string.Join('.', parts)).Length)].TrimEnd('.');

    public static Gen<ByteString> Bytes(int max) =>
        Gen.Choose(0, max).SelectMany(length => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)).Select(bytes => new ByteString(bytes));

    public static Gen<ValueList<T>> ListOf<T>(Gen<T> item, int max) =>
        Gen.Choose(0, max).SelectMany(count => Gen.ArrayOf(item, count)).Select(items => new ValueList<T>(items));

    public static Gen<UserInformation> UserInformation(bool isRequest) =>
        from maximum in Gen.OneOf(Gen.Constant<uint?>(null), Gen.Choose(0, int.MaxValue).Select(n => (uint?)n))
        from implementation in Gen.OneOf(Gen.Constant<string?>(null), Uid().Select(u => (string?)u))
        from version in Gen.OneOf(Gen.Constant<string?>(null), Gen.Choose(1, 16).SelectMany(n => Gen.ArrayOf(Gen.Elements("ABCDEFGHIJ_0123456789".ToCharArray()), n)).Select(c => (string?)new string(c)))
        from window in Gen.OneOf(Gen.Constant<AsynchronousOperationsWindow?>(null), Gen.Choose(0, 65535).Two().Select(p => (AsynchronousOperationsWindow?)new AsynchronousOperationsWindow((ushort)p.Item1, (ushort)p.Item2)))
        from roles in ListOf(Uid().SelectMany(uid => Gen.Elements(true, false).Two().Select(r => new RoleSelection(uid, r.Item1, r.Item2))), 3)
        from extended in ListOf(Uid().SelectMany(uid => Bytes(8).Select(b => new SopClassExtendedNegotiation(uid, b))), 3)
        from common in ListOf(
            from sop in Uid()
            from service in Uid()
            from related in ListOf(Uid(), 3)
            select new SopClassCommonExtendedNegotiation(sop, service, related), 2)
        from identity in Gen.OneOf(
            Gen.Constant<UserIdentityRequest?>(null),
            from type in Gen.Elements(Enum.GetValues<UserIdentityType>())
            from positive in Gen.Elements(true, false)
            from primary in Bytes(300)
            from secondary in Bytes(40)
            select (UserIdentityRequest?)new UserIdentityRequest(type, positive, primary, type == UserIdentityType.UsernameAndPasscode ? secondary : ByteString.Empty))
        from response in Gen.OneOf(Gen.Constant<ByteString?>(null), Bytes(200).Select(b => (ByteString?)b))
        from unknown in ListOf(Gen.Choose(0x5A, 0x7F).SelectMany(type => Bytes(20).Select(b => new UnknownItem((byte)type, b))), 2)
        select new UserInformation
        {
            MaximumLength = maximum,
            ImplementationClassUid = implementation,
            ImplementationVersionName = version,
            AsynchronousOperationsWindow = window,
            RoleSelections = roles,
            ExtendedNegotiations = extended,
            CommonExtendedNegotiations = common,
            UserIdentity = isRequest ? identity : null,
            UserIdentityServerResponse = isRequest ? null : response,
            UnknownItems = unknown,
        };

    public static Gen<AssociateRequestPdu> AssociateRequest() =>
        from called in AeTitle()
        from calling in AeTitle()
        from count in Gen.Choose(1, 20)
        from syntaxes in Gen.ArrayOf(Uid().SelectMany(abstractSyntax => ListOf(Uid(), 4).Where(l => l.Count > 0).Select(ts => (abstractSyntax, ts))), count)
        from info in UserInformation(isRequest: true)
        select new AssociateRequestPdu(called, calling, syntaxes.Select((s, i) => new PresentationContextRequest((byte)((i * 2) + 1), s.abstractSyntax, s.ts)).ToArray(), info);

    public static Gen<AssociateAcceptPdu> AssociateAccept() =>
        from called in AeTitle()
        from calling in AeTitle()
        from count in Gen.Choose(0, 20)
        from results in Gen.ArrayOf(Gen.Elements(Enum.GetValues<PresentationContextResultReason>()).SelectMany(result => Uid().Select(ts => (result, ts))), count)
        from info in UserInformation(isRequest: false)
        select new AssociateAcceptPdu(called, calling, results.Select((r, i) => new PresentationContextResult((byte)((i * 2) + 1), r.result, r.result == PresentationContextResultReason.Acceptance ? r.ts : string.Empty)).ToArray(), info);

    public static Gen<PDataTransferPdu> PData() =>
        from count in Gen.Choose(1, 4)
        from values in Gen.ArrayOf(
            from id in Gen.Choose(0, 127).Select(n => (byte)((n * 2) + 1))
            from command in Gen.Elements(true, false)
            from last in Gen.Elements(true, false)
            from data in Bytes(2000)
            select new PresentationDataValue(id, command, last, data), count)
        select new PDataTransferPdu(values);

    public static Gen<NetPdu> AnyPdu() => Gen.OneOf(
        AssociateRequest().Select(p => (NetPdu)p),
        AssociateAccept().Select(p => (NetPdu)p),
        Gen.Elements(Enum.GetValues<AssociateRejectResult>()).SelectMany(r => Gen.Elements(Enum.GetValues<AssociateRejectSource>()).SelectMany(s => Gen.Choose(0, 7).Select(reason => (NetPdu)new AssociateRejectPdu(r, s, (byte)reason)))),
        PData().Select(p => (NetPdu)p),
        Gen.Constant((NetPdu)ReleaseRequestPdu.Instance),
        Gen.Constant((NetPdu)ReleaseResponsePdu.Instance),
        Gen.Elements(Enum.GetValues<AbortReason>()).Select(reason => (NetPdu)new AbortPdu(AbortSource.ServiceProvider, reason)),
        Gen.Constant((NetPdu)new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified)));
}
