using System.Text;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Tests.Properties;
using FsCheck;
using FsCheck.Fluent;

namespace CloudRisPacs.Hl7.Tests.Batch;

/// <summary>A generated batch file: optional FHS/FTS, batches with or without BHS/BTS, generated messages, one line end.</summary>
public sealed record BatchModel(bool File, IReadOnlyList<SectionModel> Sections, string LineEnd)
{
    public IEnumerable<byte[]> Messages => Sections.SelectMany(section => section.Messages);

    /// <summary>The frame, with the trailer counts true (or <paramref name="countOffset"/> off on the trailer at <paramref name="offsetTrailer"/>).</summary>
    public byte[] Write(int offsetTrailer = -1, int countOffset = 0)
    {
        var output = new MemoryStream();
        var trailer = 0;
        void Line(string text) => output.Write(Encoding.ASCII.GetBytes(text + LineEnd));
        int Count(int count) => trailer++ == offsetTrailer ? count + countOffset : count;
        if (File)
        {
            Line("FHS|^~\\&|RIS|CLINIC|EDGE|SITE|20240320||||F-1");
        }

        foreach (var section in Sections)
        {
            if (section.Header)
            {
                Line($"BHS|^~\\&|RIS|CLINIC|EDGE|SITE|20240320||||B-{section.GetHashCode():X}");
            }

            foreach (var message in section.Messages)
            {
                output.Write(message);
            }

            if (section.Trailer)
            {
                Line($"BTS|{Count(section.Messages.Count)}");
            }
        }

        if (File)
        {
            Line($"FTS|{Count(Sections.Count)}");
        }

        return output.ToArray();
    }

    public int TrailerCount => Sections.Count(section => section.Trailer) + (File ? 1 : 0);

    public override string ToString() =>
        $"{(File ? "FHS " : string.Empty)}" + string.Join(" ", Sections.Select(s => $"[{(s.Header ? "BHS " : string.Empty)}{s.Messages.Count}{(s.Trailer ? " BTS" : string.Empty)}]"))
        + $" {(LineEnd == "\r" ? "CR" : LineEnd == "\n" ? "LF" : "CRLF")}";
}

public sealed record SectionModel(bool Header, IReadOnlyList<byte[]> Messages, bool Trailer);

public static class BatchGenerators
{
    private static Gen<byte[]> Message => MessageGenerators.Message.Select(model => MessageGenerators.Build(model).ToBytes().ToArray());

    // A batch without BHS exists only inside a file and only first (a later one would join the batch before it), and it
    // needs a BTS or an FTS to end; a batch with BHS may omit its BTS (the next BHS or FTS closes it).
    public static Gen<BatchModel> Batch =>
        from file in Gen.Elements(true, false)
        from count in Gen.Choose(1, 3)
        from messages in MessageGenerators.ListOf(MessageGenerators.ListOf(Message, 0, 3), count, count)
        from headerless in Gen.Elements(true, false)
        from trailers in MessageGenerators.ListOf(Gen.Elements(true, false), count, count)
        from lineEnd in Gen.Elements("\r", "\n", "\r\n")
        select new BatchModel(file, messages.Select((m, i) =>
        {
            var header = !(file && i == 0 && headerless && m.Count > 0);
            return new SectionModel(header, m, header ? trailers[i] : true);
        }).ToList(), lineEnd);

    public static Arbitrary<BatchModel> BatchArbitrary => Arb.From(Batch);
}
