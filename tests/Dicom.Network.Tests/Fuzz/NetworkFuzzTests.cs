using System.Net.Sockets;
using CloudRisPacs.Dicom.IO;
using CloudRisPacs.Dicom.Network.Dimse;
using CloudRisPacs.Dicom.Network.Hosting;
using CloudRisPacs.Dicom.Network.Pdu;
using CloudRisPacs.Dicom.Network.Services;
using CloudRisPacs.Dicom.Network.Services.Worklist;
using CloudRisPacs.Dicom.Network.Tests.Support;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Dicom.Network.Tests.Fuzz;

/// <summary>
/// Mutated and truncated PDU streams sent to a running server: every connection ends (an A-ABORT, a reject, or a plain
/// close), the server keeps serving, no socket or association is left open and memory does not grow. Hundreds of
/// connections per run; <c>CLOUDRISPACS_FUZZ_LONG=1</c> for many more.
/// </summary>
[Collection(ProcessWideCounts.Name)]
public sealed class NetworkFuzzTests(ITestOutputHelper output)
{
    // PDU lengths are big endian.
    private static readonly ByteMutator PduMutator = new(bigEndian: true);

    private static readonly bool Long = Environment.GetEnvironmentVariable("CLOUDRISPACS_FUZZ_LONG") == "1";

    [Fact]
    public async Task Fuzzed_streams_end_every_connection_without_leaks()
    {
        var log = new TestLog(retain: Microsoft.Extensions.Logging.LogLevel.None);
        var services = new DicomServiceRegistry()
            .AddVerification()
            .AddModalityWorklist(new ModalityWorklistService(new InMemoryWorklistItemSource([new DicomDataset().SetString(DicomTag.PatientName, "DOE^JANE")])))
            .AddStorage(new DiscardingStore());
        await using var server = await TestServer.StartAsync(services, log, options =>
        {
            options.ArtimTimeout = TimeSpan.FromMilliseconds(500);
            options.ReadTimeout = TimeSpan.FromMilliseconds(500);
            options.IdleTimeout = TimeSpan.FromMilliseconds(500);
            options.MaxConcurrentAssociations = 64;
        });
        var seeds = Streams();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var socketsBefore = OpenSockets.Count();
        var pumpsBefore = PumpThreads.Count();
        var random = new Random(424242);
        var cases = Long ? 20_000 : 320;
        var outcomes = new int[3];
        for (var batch = 0; batch < cases; batch += 64)
        {
            var inputs = Enumerable.Range(0, 64).Select(_ =>
            {
                var seed = seeds[random.Next(seeds.Count)];
                return random.Next(5) == 0 ? seed : PduMutator.Mutate(seed, random);
            }).ToArray();
            var results = await Task.WhenAll(inputs.Select(input => ExerciseAsync(server, input)));
            foreach (var result in results)
            {
                outcomes[result]++;
            }
        }

        // The server still answers.
        Assert.Equal(DicomStatus.Success, await TestServer.ClientFor(server, log).EchoAsync());
        await Eventually.TrueAsync(() => server.OpenConnections == 0 && server.ActiveAssociations == 0, "connections or associations are still open");
        var socketsAfter = await OpenSockets.SettleAsync(socketsBefore, TimeSpan.FromSeconds(10));
        var pumpsAfter = await PumpThreads.SettleAsync(pumpsBefore, TimeSpan.FromSeconds(10));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"aborted {outcomes[0]}, closed without abort {outcomes[1]}, completed normally {outcomes[2]}; sockets {socketsBefore} -> {socketsAfter}; transport threads {pumpsBefore} -> {pumpsAfter}; heap {memoryBefore / 1024} KiB -> {memoryAfter / 1024} KiB");
        Assert.True(socketsAfter <= socketsBefore, $"{socketsAfter - socketsBefore} sockets left open");
        Assert.True(pumpsAfter <= pumpsBefore, $"{pumpsAfter - pumpsBefore} transport threads still reading");
        Assert.True(memoryAfter - memoryBefore < 32L << 20, $"the heap grew by {(memoryAfter - memoryBefore) / 1024} KiB");
        Assert.True(outcomes[0] > cases / 10, $"only {outcomes[0]} A-ABORTs in {cases} cases");
        Assert.True(log.Errors.Count == 0, string.Join("\n", log.Errors.Take(5)));
    }

    /// <summary>0: the server sent A-ABORT; 1: it closed without one (reject, release, plain close); 2: it answered and released normally.</summary>
    private static async Task<int> ExerciseAsync(DicomServer server, byte[] input)
    {
        await using var peer = await RawPeer.ConnectAsync(server.LocalEndPoint);
        try
        {
            await peer.SendAsync(input);
            if (input.Length % 3 == 0)
            {
                // Half the truncated streams also end the sending side, the rest just go quiet.
                peer.ShutdownSend();
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            // The server closed first; what it sent is still read below.
        }

        // The server must end the connection by itself within its timers (ARTIM, read and idle timeouts of 0.5 s).
        var received = await peer.ReadUntilClosedAsync(TimeSpan.FromSeconds(15));
        return received.Any(p => p is AbortPdu) ? 0 : received.Any(p => p is ReleaseResponsePdu) ? 2 : 1;
    }

    /// <summary>Valid conversations to mutate: echo, a worklist query, a small store, each with release.</summary>
    private static List<byte[]> Streams()
    {
        var streams = new List<byte[]>();
        foreach (var (sopClass, command, data) in new[]
        {
            (DicomUid.Verification.Value, DimseCommand.Request(DimseCommandField.CEchoRequest, 1, DicomUid.Verification.Value), (DicomDataset?)null),
            (DicomUid.ModalityWorklistInformationModelFind.Value, DimseCommand.Request(DimseCommandField.CFindRequest, 1, DicomUid.ModalityWorklistInformationModelFind.Value, hasDataSet: true), new DicomDataset().SetString(DicomTag.PatientName, "D*").SetSequence(DicomTag.ScheduledProcedureStepSequence).Owner!),
            (DicomUid.SecondaryCaptureImageStorage.Value, DimseCommand.Request(DimseCommandField.CStoreRequest, 1, DicomUid.SecondaryCaptureImageStorage.Value, "1.2.3.4", hasDataSet: true),
                new DicomDataset().SetString(DicomTag.SOPClassUID, DicomUid.SecondaryCaptureImageStorage.Value).SetString(DicomTag.SOPInstanceUID, "1.2.3.4").SetBytes(DicomTag.PixelData, DicomVR.OB, new byte[600])),
        })
        {
            var bytes = new List<byte>();
            bytes.AddRange(PduWriter.ToArray(new AssociateRequestPdu(TestServer.AeTitle, "FUZZER", [new PresentationContextRequest(1, sopClass, [DicomUid.ImplicitVRLittleEndian.Value])], new UserInformation { MaximumLength = 16384 })));
            var commandBytes = DicomDatasetWriter.Encode(command, DicomTransferSyntax.ImplicitVRLittleEndian);
            bytes.AddRange(PduWriter.ToArray(new PDataTransferPdu(new PresentationDataValue(1, true, true, commandBytes))));
            if (data is not null)
            {
                var dataBytes = DicomDatasetWriter.Encode(data, DicomTransferSyntax.ImplicitVRLittleEndian);
                bytes.AddRange(PduWriter.ToArray(new PDataTransferPdu(new PresentationDataValue(1, false, false, dataBytes.AsMemory(0, dataBytes.Length / 2).ToArray()))));
                bytes.AddRange(PduWriter.ToArray(new PDataTransferPdu(new PresentationDataValue(1, false, true, dataBytes.AsMemory(dataBytes.Length / 2).ToArray()))));
            }

            bytes.AddRange(PduWriter.ToArray(ReleaseRequestPdu.Instance));
            streams.Add([.. bytes]);
        }

        return streams;
    }

    private sealed class DiscardingStore : ICStoreHandler
    {
        public async ValueTask<DicomStatus> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
        {
            await request.DataSet.CopyToAsync(Stream.Null, cancellationToken);
            return DicomStatus.Success;
        }
    }
}
