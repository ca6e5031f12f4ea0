using CloudRisPacs.Hl7.Er7;
using FsCheck;
using FsCheck.Fluent;

namespace CloudRisPacs.Hl7.Tests.Properties;

/// <summary>A generated message: delimiters, then segments of fields of repetitions of components of subcomponents.</summary>
public sealed record MessageModel(Hl7Delimiters Delimiters, IReadOnlyList<SegmentModel> Segments)
{
    public override string ToString() =>
        $"{Delimiters} " + string.Join(" / ", Segments.Select(s => s.Id + ":" + string.Join(",", s.Fields.Select(f =>
            string.Join("~", f.Select(r => string.Join("^", r.Select(c => string.Join("&", c)))))))));
}

public sealed record SegmentModel(string Id, IReadOnlyList<IReadOnlyList<IReadOnlyList<IReadOnlyList<string>>>> Fields);

public static class MessageGenerators
{
    private static readonly Hl7Delimiters[] DelimiterSets =
    [
        Hl7Delimiters.Standard,
        new('*', ':', '!', '\\', '%'),
        new('|', '^', '~', '\\', '&', '#'),
        new('#', '$', '@', '?', '+'),
    ];

    // Values mix plain text, every delimiter of every set, line ends and non-ASCII text.
    private static readonly char[] Alphabet = "abcXYZ019 .-|^~\\&*:!%#$@?+é中\r\n\"".ToCharArray();

    public static Gen<string> Value =>
        Gen.Choose(0, 6).SelectMany(length => Gen.Elements(Alphabet).ArrayOf(length)).Select(chars => new string(chars));

    public static Gen<IReadOnlyList<T>> ListOf<T>(Gen<T> item, int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => item.ArrayOf(n)).Select(a => (IReadOnlyList<T>)a);

    public static Gen<SegmentModel> Segment =>
        from id in Gen.Elements("PID", "OBX", "NTE", "ZZ1", "ZDS", "ORC", "Z01")
        from fields in ListOf(ListOf(ListOf(ListOf(Value, 1, 3), 1, 4), 1, 3), 0, 7)
        select new SegmentModel(id, fields);

    public static Gen<MessageModel> Message =>
        from delimiters in Gen.Elements(DelimiterSets)
        from segments in ListOf(Segment, 0, 5)
        select new MessageModel(delimiters, segments);

    public static Arbitrary<MessageModel> MessageArbitrary => Arb.From(Message);

    /// <summary>Builds the model through the public write API (one subcomponent at a time), in UTF-8.</summary>
    public static Hl7Message Build(MessageModel model)
    {
        var message = Hl7Message.Create(model.Delimiters);
        message.Header.SetField(3, "GEN");
        message.Header.SetField(9, "ZZZ");
        message.Header.SetField(18, "UNICODE UTF-8");
        foreach (var segmentModel in model.Segments)
        {
            var segment = message.AddSegment(segmentModel.Id);
            for (var f = 0; f < segmentModel.Fields.Count; f++)
            {
                var field = segmentModel.Fields[f];
                for (var r = 0; r < field.Count; r++)
                {
                    for (var c = 0; c < field[r].Count; c++)
                    {
                        for (var s = 0; s < field[r][c].Count; s++)
                        {
                            if (field[r][c][s].Length > 0)
                            {
                                segment.SetSubcomponent(f + 1, c + 1, s + 1, field[r][c][s], repetition: r + 1);
                            }
                        }
                    }
                }
            }
        }

        return message;
    }
}
