using CloudRisPacs.Dicom.Network.Tests.Support;
using CloudRisPacs.Dicom.Network.Ul;

namespace CloudRisPacs.Dicom.Network.Tests.Ul;

/// <summary>
/// Each association's transport thread is its own, not the thread pool's: whatever goes wrong on it ends that
/// association, logged, never the process.
/// </summary>
public sealed class TransportThreadTests(ITestOutputHelper output)
{
    private readonly TestLog log = new(output);

    [Fact]
    public async Task A_transport_that_fails_in_an_unexpected_way_ends_its_association_and_nothing_else()
    {
        var loop = AssociationLoop.CreateAcceptor("faulty", new FaultyStream(), new UlOptions(), new AcceptingUlUser(), log.CreateLogger("test"), TimeProvider.System);
        loop.Start();

        var end = await loop.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        await loop.DisposeAsync();

        Assert.Equal(AssociationEndKind.TransportClosed, end.Kind);
        Assert.Contains("internal error: the wrapper broke", end.Detail, StringComparison.Ordinal);
        Assert.Contains(log.Errors, line => line.Contains("the association loop failed", StringComparison.Ordinal));
    }

    /// <summary>A transport whose reads fail with an exception no network stream throws (a broken wrapper, say).</summary>
    private sealed class FaultyStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidDataException("the wrapper broke");

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
