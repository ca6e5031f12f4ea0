using CloudRisPacs.Core.Api;
using CloudRisPacs.Core.Orders;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Hl7.Er7;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CloudRisPacs.Core.Tests.Pipeline;

/// <summary>
/// Properties of the pipeline's small parsers (key parts, field locations, bearer headers) and a fuzz harness over the
/// order reader: mutated RIS messages either map or are refused with <see cref="Hl7RejectionException"/> (or, for bytes
/// that are not HL7 at all, <see cref="Hl7ParseException"/>), nothing else. CLOUDRISPACS_FUZZ_LONG=1 runs many more.
/// </summary>
public sealed class PipelineParserPropertyTests
{
    private static readonly int Cases = Environment.GetEnvironmentVariable("CLOUDRISPACS_FUZZ_LONG") == "1" ? 200_000 : 3_000;

    [Property(MaxTest = 500)]
    public void Key_parts_round_trip_and_are_valid_table_keys(NonNull<string> text)
    {
        var encoded = KeyPart.Encode(text.Get);
        Assert.Null(CloudRisPacs.Core.Storage.TableKeys.FindProblem(encoded.Length > 1024 ? encoded[..1024] : encoded));
        Assert.Equal(text.Get, KeyPart.Decode(encoded));
        Assert.DoesNotContain('|', encoded);
        Assert.DoesNotContain('~', encoded);
        Assert.DoesNotContain('^', encoded);
    }

    [Property(MaxTest = 500)]
    public void Distinct_texts_give_distinct_key_parts(NonNull<string> a, NonNull<string> b) =>
        Assert.Equal(a.Get == b.Get, KeyPart.Encode(a.Get) == KeyPart.Encode(b.Get));

    [Property(MaxTest = 500)]
    public Property Field_locations_format_and_parse_back()
    {
        var segments = Gen.Elements("OBR", "ORC", "IPC", "ZDS", "PV1", "TQ1");
        var locations = from segment in segments
                        from field in Gen.Choose(1, 999)
                        from component in Gen.OneOf(Gen.Constant((int?)null), Gen.Choose(1, 99).Select(c => (int?)c))
                        select new Hl7FieldLocation(segment, field, component);
        return Prop.ForAll(locations.ToArbitrary(), location =>
            Hl7FieldLocation.TryParse(location.ToString(), out var parsed) && parsed == location);
    }

    [Property(MaxTest = 1000)]
    public void Field_location_parsing_never_throws(string? text)
    {
        if (Hl7FieldLocation.TryParse(text, out var parsed))
        {
            Assert.Equal(text!.ToUpperInvariant(), parsed.Value.ToString());
        }
    }

    [Property(MaxTest = 1000)]
    public void Bearer_headers_give_the_token_or_nothing(string? header)
    {
        var token = BearerToken.Read(header);
        Assert.True(token is null || (header!.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && token.Length > 0 && header.Contains(token, StringComparison.Ordinal)));
    }

    [Fact]
    public void Mutated_order_messages_map_or_are_refused_with_a_reason()
    {
        var random = new Random(20240315);
        var policy = TenantPolicy.Resolve(TenantId.Parse("fuzz"), new PipelineOptions(), new TenantSettings());
        var samples = new[]
        {
            RisMessages.Orm(RisMessages.Max, "NW", "SC", new DateTime(2024, 3, 15, 8, 30, 0), new RisMessages.Order("ACC1", StudyUid: "1.2.3.4")),
            RisMessages.Omi(RisMessages.Erika, "NW", "SC", new DateTime(2024, 3, 15, 8, 30, 0), new RisMessages.Order("ACC2"), new RisMessages.Order("ACC3", "RP3")),
            RisMessages.Orm(RisMessages.Max, "CA", "CA", new DateTime(2024, 3, 15, 8, 30, 0), new RisMessages.Order("ACC4")),
        };
        string[] tokens = ["|", "^", "~", "\\", "&", "\r", "", "NW", "XX", "\"\"", "1.2.3..4", "99999999999999", "ORC", "OBR", "IPC", "\u00e9", "\\X0D\\"];
        int mapped = 0, refused = 0;
        for (var i = 0; i < Cases; i++)
        {
            var text = samples[random.Next(samples.Length)];
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                var at = random.Next(text.Length);
                text = random.Next(3) switch
                {
                    0 => text.Remove(at, Math.Min(random.Next(1, 8), text.Length - at)),
                    1 => text.Insert(at, tokens[random.Next(tokens.Length)]),
                    _ => text[..at] + (char)random.Next(32, 127) + text[Math.Min(text.Length, at + 1)..],
                };
            }

            try
            {
                var message = Hl7Message.Parse(text);
                var read = OrderMessageReader.Read(message, policy, DateTimeOffset.UnixEpoch);
                Assert.NotEmpty(read.Orders);
                Assert.All(read.Orders, o => Assert.False(string.IsNullOrEmpty(o.AccessionNumber)));
                mapped++;
            }
            catch (Hl7RejectionException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                refused++;
            }
            catch (Hl7ParseException)
            {
                refused++;
            }
        }

        Assert.True(mapped > Cases / 20, $"only {mapped} of {Cases} mutated messages still mapped; the mutations are too destructive to test the mapping");
        Assert.True(refused > 0);
    }
}
