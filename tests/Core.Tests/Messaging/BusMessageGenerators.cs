using System.Text;
using CloudRisPacs.Core.Messaging;
using FsCheck;
using FsCheck.Fluent;

namespace CloudRisPacs.Core.Tests.Messaging;

/// <summary>FsCheck generators of valid bus messages, covering every optional field and awkward text.</summary>
public static class BusMessageGenerators
{
    private static readonly char[] AwkwardCharacters = ['a', 'Z', '0', ' ', '"', '\\', '<', '>', '&', '\'', '/', 'é', 'ß', '中', '€', '^', '|', '~'];

    public static Gen<string> Text(int minLength, int maxLength) =>
        from length in Gen.Choose(minLength, maxLength)
        from chars in Gen.ArrayOf(Gen.Elements(AwkwardCharacters), length)
        select new string(chars);

    public static Gen<string?> OptionalText(int maxLength) =>
        Gen.OneOf(Gen.Constant<string?>(null), Text(1, maxLength).Select(text => (string?)text));

    public static Gen<string> Kinds =>
        Gen.OneOf(Gen.Elements(BusMessageKinds.All.ToArray()), Gen.Elements("x", "custom.kind-2", "a.b.c"));

    public static Gen<string?> TraceParents =>
        Gen.OneOf(
            Gen.Constant<string?>(null),
            from traceId in Gen.ArrayOf(Gen.Elements("0123456789abcdef".ToCharArray()), 32)
            from spanId in Gen.ArrayOf(Gen.Elements("0123456789abcdef".ToCharArray()), 16)
            from flags in Gen.Elements("00", "01")
            select (string?)$"00-{new string(traceId)}-{new string(spanId)}-{flags}");

    public static Gen<DateTimeOffset> Timestamps =>
        from ticks in Gen.Choose(0, int.MaxValue)
        from offsetMinutes in Gen.Elements(0, 60, -300, 330, 840)
        select new DateTimeOffset(new DateTime(2000, 1, 1).AddTicks((long)ticks * 7919), TimeSpan.FromMinutes(offsetMinutes));

    public static Gen<Dictionary<string, string>> Properties =>
        from count in Gen.Choose(0, 5)
        from names in Gen.ArrayOf(Gen.Elements("reason", "mllp.peer", "Sending_App", "x-1", "segment"), count)
        from values in Gen.ArrayOf(Text(0, 40), count)
        select names.Zip(values).DistinctBy(pair => pair.First).ToDictionary(pair => pair.First, pair => pair.Second);

    public static Gen<byte[]> Bodies =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<byte[]>(),
            Text(0, 200).Select(Encoding.UTF8.GetBytes));

    public static Gen<BusMessage> Messages =>
        from id in Text(1, 40)
        from kind in Kinds
        from session in Text(1, 60)
        from correlation in OptionalText(40)
        from traceParent in TraceParents
        from traceState in OptionalText(60)
        from tenant in OptionalText(24)
        from site in OptionalText(20)
        from createdAt in Timestamps
        from contentType in Gen.Elements("x-application/hl7-v2+er7", "application/json", "application/dicom")
        from properties in Properties
        from body in Bodies
        select new BusMessage
        {
            MessageId = id.Trim().Length == 0 ? "id" : id,
            Kind = kind,
            SessionKey = session,
            CorrelationId = correlation,
            TraceParent = traceParent,
            TraceState = traceParent is null ? null : traceState,
            ClaimedTenant = tenant,
            SourceSite = site,
            CreatedAt = createdAt,
            ContentType = contentType,
            Properties = properties,
            Body = body,
        };

    /// <summary>Registered with [Property(Arbitrary = ...)].</summary>
    public static class Arbitraries
    {
        public static Arbitrary<BusMessage> Message() => Arb.From(Messages);
    }
}
