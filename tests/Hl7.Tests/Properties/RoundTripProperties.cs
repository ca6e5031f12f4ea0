using CloudRisPacs.Hl7.Er7;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CloudRisPacs.Hl7.Tests.Properties;

public sealed class RoundTripProperties
{
    [Property(MaxTest = 300)]
    public Property Parse_of_write_gives_every_value_back()
    {
        return Prop.ForAll(MessageGenerators.MessageArbitrary, model =>
        {
            var message = MessageGenerators.Build(model);
            var parsed = Hl7Message.Parse(message.ToBytes());
            Assert.Equal(model.Segments.Count + 1, parsed.Segments.Count);
            for (var i = 0; i < model.Segments.Count; i++)
            {
                var expected = model.Segments[i];
                var segment = parsed.Segments[i + 1];
                Assert.Equal(expected.Id, segment.Id);
                for (var f = 0; f < expected.Fields.Count; f++)
                {
                    for (var r = 0; r < expected.Fields[f].Count; r++)
                    {
                        for (var c = 0; c < expected.Fields[f][r].Count; c++)
                        {
                            for (var s = 0; s < expected.Fields[f][r][c].Count; s++)
                            {
                                var actual = segment.GetField(f + 1).GetRepetition(r + 1).GetComponent(c + 1).GetSubcomponent(s + 1).Value;
                                Assert.Equal(expected.Fields[f][r][c][s], actual);
                            }
                        }
                    }
                }
            }

            Assert.True(parsed.ContentEquals(message));
        });
    }

    [Property(MaxTest = 300)]
    public Property Written_output_is_canonical_and_reproduced_byte_for_byte()
    {
        return Prop.ForAll(MessageGenerators.MessageArbitrary, model =>
        {
            var bytes = MessageGenerators.Build(model).ToBytes();
            Assert.Equal(bytes, Hl7Message.Parse(bytes).ToBytes());
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            Assert.DoesNotContain('\n', text);
        });
    }

    [Property(MaxTest = 300)]
    public Property Any_terminator_style_parses_to_the_same_content()
    {
        var terminators = Gen.Elements("\r", "\n", "\r\n");
        return Prop.ForAll(MessageGenerators.MessageArbitrary, Arb.From(terminators), (model, terminator) =>
        {
            var message = MessageGenerators.Build(model);
            var text = message.ToEr7().Replace("\r", terminator, StringComparison.Ordinal);
            Assert.True(Hl7Message.Parse(text).ContentEquals(message));
        });
    }

    [Property(MaxTest = 500)]
    public Property Escape_then_unescape_is_identity()
    {
        return Prop.ForAll(Arb.From(MessageGenerators.Value), Arb.From(Gen.Elements(Hl7Delimiters.Standard, new Hl7Delimiters('#', '$', '@', '?', '+'))),
            (value, delimiters) => Hl7Escaping.Unescape(Hl7Escaping.Escape(value, delimiters), delimiters, Hl7Charset.Utf8) == value);
    }

    [Property(MaxTest = 500)]
    public Property Escaped_text_with_any_control_characters_frames_and_reads_back()
    {
        var controls = Gen.Elements('\v', '\u001C', '\u000B', '\r', '\n', '\0', '\t', '\u001F');
        var text = Gen.ListOf(Gen.OneOf(controls, Gen.Choose(0x20, 0x7E).Select(c => (char)c), Gen.Elements('ä', 'ő', 'Ж')))
            .Select(chars => new string([.. chars]));
        return Prop.ForAll(Arb.From(text), value =>
        {
            var escaped = Hl7Escaping.Escape(value, Hl7Delimiters.Standard);
            return escaped.All(c => c >= ' ' || c == '\t')
                && Hl7Escaping.Unescape(escaped, Hl7Delimiters.Standard, Hl7Charset.Utf8) == value;
        });
    }
}
