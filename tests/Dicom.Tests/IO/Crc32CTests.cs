using CloudRisPacs.Dicom.IO;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CloudRisPacs.Dicom.Tests.IO;

/// <summary>
/// The CRC that seals durable Part 10 files: the published check values, and any input and any way of cutting it
/// into pieces against a bit-at-a-time reference written from the polynomial alone (inputs long enough for the
/// three-lane blocks, short ones and the tails between).
/// </summary>
public sealed class Crc32CTests
{
    private const uint ReflectedPolynomial = 0x82F63B78;

    [Fact]
    public void The_published_check_values_come_out()
    {
        Assert.Equal(0xE3069283u, Crc32C.Append(Crc32C.Initial, "123456789"u8));

        // RFC 3720 (iSCSI) B.4.
        Assert.Equal(0x8A9136AAu, Crc32C.Append(Crc32C.Initial, new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Append(Crc32C.Initial, Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Append(Crc32C.Initial, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
    }

    [Fact]
    public void A_large_input_equals_the_reference()
    {
        var data = new byte[(512 * 1024) + 13];
        new Random(7).NextBytes(data);

        Assert.Equal(Reference(data), Crc32C.Append(Crc32C.Initial, data));
    }

    [Property(MaxTest = 300)]
    public Property Any_input_cut_anywhere_equals_the_reference() =>
        Prop.ForAll(Gen.Choose(0, 20_000).Zip(Gen.Choose(0, 20_000)).Zip(Gen.Choose(0, int.MaxValue)).ToArbitrary(), sample =>
        {
            var ((length, cutAt), seed) = sample;
            var data = new byte[length];
            new Random(seed).NextBytes(data);
            var cut = Math.Min(cutAt, length);

            var inPieces = Crc32C.Append(Crc32C.Append(Crc32C.Initial, data.AsSpan(0, cut)), data.AsSpan(cut));
            return (inPieces == Reference(data) && Crc32C.Append(Crc32C.Initial, data) == inPieces && Crc32C.AppendOneLane(Crc32C.Initial, data) == inPieces)
                .Label($"length {length}, cut at {cut}");
        });

    private static uint Reference(ReadOnlySpan<byte> data)
    {
        var register = uint.MaxValue;
        foreach (var value in data)
        {
            register ^= value;
            for (var bit = 0; bit < 8; bit++)
            {
                register = (register & 1) != 0 ? (register >> 1) ^ ReflectedPolynomial : register >> 1;
            }
        }

        return ~register;
    }
}
