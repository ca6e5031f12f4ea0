using CloudRisPacs.TestSupport;

namespace CloudRisPacs.EdgeAgent.Tests.Support;

/// <summary>The two authorities a TLS test needs: the hospital's (trusted) and a stranger's (not), in a folder of their own.</summary>
internal sealed class TlsAuthorities : IDisposable
{
    public TlsAuthorities(string name)
    {
        Folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), UniqueName.Container(name))).FullName;
        Hospital = new TestCertificateAuthority(Folder, "Hospital CA");
        Stranger = new TestCertificateAuthority(Folder, "Stranger CA");
    }

    public string Folder { get; }

    public TestCertificateAuthority Hospital { get; }

    public TestCertificateAuthority Stranger { get; }

    public void Dispose()
    {
        Hospital.Dispose();
        Stranger.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
