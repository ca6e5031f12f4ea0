namespace CloudRisPacs.Dicom.IO;

/// <summary>
/// One file being written into a <see cref="DurablePart10Folder"/>: a write-only stream taking the Part 10 file from its
/// first byte. <see cref="CommitAsync"/> seals, flushes and names it; disposing it uncommitted deletes it. Writes go
/// straight to the operating system's cache (no thread hop): they do not wait for the disk, only the commit does.
/// </summary>
public sealed class DurablePart10Stream : Stream
{
    private const int WriteBufferSize = 4096;

    private readonly DurablePart10Folder folder;
    private readonly string slot;
    private readonly string finalPath;
    private readonly string fileName;
    private readonly FileStream file;
    private long position;
    private long writebackFrom;
    private uint crc = Crc32C.Initial;
    private bool preambleUsed;
    private bool committed;
    private bool disposed;

    internal DurablePart10Stream(DurablePart10Folder folder, string slot, string finalPath, string fileName)
    {
        this.folder = folder;
        this.slot = slot;
        this.finalPath = finalPath;
        this.fileName = fileName;
        // A small buffer: it gathers the header's small writes, while FileStream hands a write at least this long
        // straight to the system once the buffer is empty. With a 64 KiB buffer each PDV of a 64 KiB PDU (a little
        // shorter than that) was copied through it first.
        file = new FileStream(slot, FileMode.Open, FileAccess.Write, FileShare.None, WriteBufferSize, FileOptions.None);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !disposed && !committed;

    public override long Length => position;

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Seals the file, flushes it to disk (when the folder's options say so) and renames it to its final name; returns
    /// that path. From then on the file survives a power loss; its final name does after the next journal commit or, at
    /// the latest, when the folder is opened again.
    /// </summary>
    /// <exception cref="InvalidOperationException">Less than a preamble and <c>DICM</c> was written, or the preamble was not left zero.</exception>
    /// <exception cref="IOException">The file could not be written or flushed: it is not stored.</exception>
    public Task<string> CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (committed)
        {
            throw new InvalidOperationException("The file is committed already.");
        }

        if (position < Part10Seal.Size + 4 || preambleUsed)
        {
            throw new InvalidOperationException("A Part 10 file starts with a 128-byte preamble left zero (the seal goes there) and DICM.");
        }

        file.Flush();
        Span<byte> seal = stackalloc byte[Part10Seal.Size];
        Part10Seal.Write(seal, position, crc, fileName);
        RandomAccess.Write(file.SafeFileHandle, seal, 0);
        if (folder.Options.FlushToDisk)
        {
            DurableFile.FlushData(file);
        }

        file.Dispose();
        File.Move(slot, finalPath, overwrite: true);
        committed = true;
        return Task.FromResult(finalPath);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (committed)
        {
            throw new InvalidOperationException("The file is committed already.");
        }

        var preamble = position < Part10Seal.Size ? buffer[..(int)Math.Min(buffer.Length, Part10Seal.Size - position)] : default;
        preambleUsed |= preamble.ContainsAnyExcept((byte)0);
        crc = Crc32C.Append(crc, buffer[preamble.Length..]);
        file.Write(buffer);
        position += buffer.Length;
        StartWritebackWhenDue();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // What is buffered reaches the file at the latest at commit, the only point that promises anything.
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !disposed)
        {
            disposed = true;
            file.Dispose();
            if (!committed)
            {
                DeleteQuietly(slot);
            }
        }

        base.Dispose(disposing);
    }

    private void StartWritebackWhenDue()
    {
        var every = folder.Options.WritebackBytes;
        if (every == 0 || !folder.Options.FlushToDisk || position - writebackFrom < every)
        {
            return;
        }

        file.Flush();
        DurableFile.StartWriteback(file.SafeFileHandle, writebackFrom, position - writebackFrom);
        writebackFrom = position;
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // An uncommitted slot left behind is deleted when the folder is opened next.
        }
    }
}
