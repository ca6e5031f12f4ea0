using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Tests.Support;

namespace CloudRisPacs.Dicom.Network.Tests.Dimse;

/// <summary>
/// Code still holding a session when its association has ended and the session is disposed (a storage commitment
/// report whose send completes just as the requester releases: CI once saw the answered report taken for undelivered)
/// reads the session's lifetime as ended instead of failing on the disposed source.
/// </summary>
public sealed class SessionAfterEndTests(ITestOutputHelper output)
{
    private readonly TestLog log = new(output);

    [Fact]
    public async Task The_lifetime_of_a_disposed_session_reads_as_ended()
    {
        await using var server = await TestServer.StartAsync(new DicomServiceRegistry().AddVerification(), log);
        var association = await TestServer.ClientFor(server, log).ConnectAsync([new DicomPresentationContextProposal(DicomUid.Verification.Value, DicomTransferSyntax.ImplicitVRLittleEndian)]);
        var session = association.Session;
        var lifetime = session.Lifetime;
        Assert.False(lifetime.IsCancellationRequested);

        await association.ReleaseAsync();
        await association.DisposeAsync();

        Assert.True(session.Lifetime.IsCancellationRequested);
        Assert.True(lifetime.IsCancellationRequested);
    }
}
