using System.Reflection;
using CloudRisPacs.Hl7.Ack;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;
using CloudRisPacs.Hl7.Segments;
using CloudRisPacs.Hl7.Validation;

namespace CloudRisPacs.Hl7.Tests.Fuzz;

/// <summary>
/// Random and mutated bytes through everything a receiver does with a message: parse, read every part, typed views,
/// validation, ACK or NAK, write and re-parse. The only exception allowed is <see cref="Hl7ParseException"/> from
/// parsing (and the documented <see cref="InvalidOperationException"/> when text cannot be written in ASCII).
/// </summary>
public sealed class Er7FuzzTests
{
    private static readonly Dictionary<string, Type> Views = new()
    {
        ["MSH"] = typeof(MshSegment), ["EVN"] = typeof(EvnSegment), ["PID"] = typeof(PidSegment), ["PD1"] = typeof(Pd1Segment),
        ["PV1"] = typeof(Pv1Segment), ["MRG"] = typeof(MrgSegment), ["ORC"] = typeof(OrcSegment), ["OBR"] = typeof(ObrSegment),
        ["OBX"] = typeof(ObxSegment), ["NTE"] = typeof(NteSegment), ["ERR"] = typeof(ErrSegment), ["MSA"] = typeof(MsaSegment),
        ["ZDS"] = typeof(ZdsSegment), ["IPC"] = typeof(IpcSegment),
    };

    private static readonly Hl7ParseOptions Options = new() { MaxMessageLength = 64 * 1024, MaxSegmentCount = 500 };
    private static readonly AckBuilder Builder = new();

    [Fact]
    public async Task Random_and_mutated_bytes_never_raise_anything_but_the_parse_exception()
    {
        var seed = FuzzBudget.Seed(20240315);
        var random = new Random(seed);
        var mutator = new Er7Mutator(random);
        var cases = FuzzBudget.Cases(4000);
        var parsed = 0;
        await Task.Run(() =>
        {
            for (var i = 0; i < cases; i++)
            {
                var input = mutator.Next();
                try
                {
                    parsed += Exercise(input) ? 1 : 0;
                }
                catch (Exception ex)
                {
                    throw new InvalidOperationException(
                        $"Fuzz case {i} (seed {seed}) failed: {ex.GetType().Name}: {ex.Message}\ninput (base64): {Convert.ToBase64String(input)}", ex);
                }
            }
        }).WaitAsync(TimeSpan.FromMinutes(FuzzBudget.LongMode ? 60 : 2));

        // The mutations must reach past the parser often enough to exercise the rest.
        Assert.True(parsed > cases / 10, $"only {parsed} of {cases} inputs parsed");
    }

    private static bool Exercise(byte[] input)
    {
        Hl7Message message;
        try
        {
            message = Hl7Message.Parse(input, Options);
        }
        catch (Hl7ParseException error)
        {
            var nak = Builder.BuildNak(input, error);
            Assert.Contains(new AckMessage(Hl7Message.Parse(nak.ToBytes())).AcknowledgmentCode, new[] { "AR", "CR" });
            return false;
        }

        foreach (var segment in message.Segments)
        {
            for (var f = 1; f <= segment.FieldCount; f++)
            {
                var field = segment.GetField(f);
                _ = field.Value;
                foreach (var repetition in field.Repetitions)
                {
                    foreach (var component in repetition.Components)
                    {
                        foreach (var subcomponent in component.Subcomponents)
                        {
                            _ = subcomponent.Value;
                        }
                    }
                }
            }

            if (Views.TryGetValue(segment.Id, out var viewType))
            {
                var view = Activator.CreateInstance(viewType, segment)!;
                foreach (var property in viewType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    try
                    {
                        _ = property.GetValue(view);
                    }
                    catch (TargetInvocationException wrapped)
                    {
                        throw wrapped.InnerException!;
                    }
                }
            }
        }

        TouchMessageView(message);
        var validation = Hl7Validator.Validate(message);
        var ack = Builder.Acknowledge(message, validation.Outcome, validation.Issues.Select(i => i.ToAckError()));
        Hl7Message.Parse(ack.ToBytes());

        var written = message.ToEr7();
        Assert.True(Hl7Message.Parse(written, Options).ContentEquals(message));
        try
        {
            message.ToBytes();
        }
        catch (InvalidOperationException)
        {
            // Documented: text that the declared charset (ASCII by default) cannot hold is refused when writing.
        }

        return true;
    }

    private static void TouchMessageView(Hl7Message message)
    {
        var type = new MshSegment(message.Header).MessageType;
        switch (type?.MessageCode, type?.TriggerEvent)
        {
            case ("ORM", "O01"):
                _ = new OrmO01Message(message).Orders.Sum(o => o.Observations.Count + o.Notes.Count);
                break;
            case ("OMI", "O23"):
                _ = new OmiO23Message(message).Orders.Sum(o => o.ImagingControls.Count);
                break;
            case ("ORU", "R01"):
                _ = new OruR01Message(message).Results.Sum(o => o.Observations.Sum(x => x.Obx.TextValue.Length));
                break;
            case ("ADT", "A01" or "A04" or "A08" or "A31" or "A40"):
                _ = new AdtMessage(message).MergePairs.Count;
                break;
            case ("ACK", _):
                _ = new AckMessage(message).Errors.Select(e => (e.Location, e.ErrorCode)).ToList();
                break;
        }
    }
}
