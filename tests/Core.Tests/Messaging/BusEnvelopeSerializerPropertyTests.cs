using CloudRisPacs.Core.Messaging;
using FsCheck.Xunit;

namespace CloudRisPacs.Core.Tests.Messaging;

public sealed class BusEnvelopeSerializerPropertyTests
{
    [Property(Arbitrary = [typeof(BusMessageGenerators.Arbitraries)], MaxTest = 500)]
    public bool Every_valid_message_round_trips_unchanged(BusMessage message)
    {
        var envelope = BusEnvelopeSerializer.Deserialize(BusEnvelopeSerializer.Serialize(message));

        return envelope.BodyClaim is null && envelope.Message.Equals(message) && envelope.Message.CreatedAt.Offset == message.CreatedAt.Offset;
    }

    [Property(Arbitrary = [typeof(BusMessageGenerators.Arbitraries)], MaxTest = 300)]
    public bool A_claim_checked_envelope_round_trips_without_its_body(BusMessage message)
    {
        var claim = new BusBodyClaim("ingress-clinic/2026/11/27/id-1", message.Body.Length, new string('a', 64));

        var envelope = BusEnvelopeSerializer.Deserialize(BusEnvelopeSerializer.Serialize(message, claim));

        return claim.Equals(envelope.BodyClaim) && envelope.Message.Body.IsEmpty
            && envelope.Message.Equals(message with { Body = ReadOnlyMemory<byte>.Empty });
    }

    [Property(Arbitrary = [typeof(BusMessageGenerators.Arbitraries)], MaxTest = 300)]
    public bool Serialized_text_is_ascii_without_xml_special_characters(BusMessage message)
    {
        var text = BusEnvelopeSerializer.SerializeToString(message);

        return text.All(c => c is >= ' ' and <= '~') && text.IndexOfAny(['<', '>', '&']) < 0;
    }
}
