using CloudRisPacs.Hl7.Batch;
using CloudRisPacs.Hl7.Er7;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CloudRisPacs.Hl7.Tests.Batch;

public sealed class Hl7BatchProperties
{
    [Property(MaxTest = 300)]
    public Property Every_message_comes_back_byte_for_byte_in_its_batch() =>
        Prop.ForAll(BatchGenerators.BatchArbitrary, model =>
        {
            var batch = Hl7BatchReader.Read(model.Write());

            Assert.Equal(model.File, batch.FileHeader is not null);
            Assert.Equal(model.Sections.Count, batch.Sections.Count);
            for (var s = 0; s < model.Sections.Count; s++)
            {
                Assert.Equal(model.Sections[s].Header, batch.Sections[s].Header is not null);
                Assert.Equal(model.Sections[s].Messages.Count, batch.Sections[s].Messages.Count);
                for (var m = 0; m < model.Sections[s].Messages.Count; m++)
                {
                    Assert.Equal(model.Sections[s].Messages[m], batch.Sections[s].Messages[m].ToArray());
                }
            }

            foreach (var (sent, read) in model.Messages.Zip(batch.Messages))
            {
                Assert.True(Hl7Message.Parse(sent).ContentEquals(Hl7Message.Parse(read.Span)));
            }
        });

    [Property(MaxTest = 300)]
    public Property A_trailer_count_off_by_any_amount_refuses_the_batch() =>
        Prop.ForAll(BatchGenerators.BatchArbitrary, Gen.Choose(1, 5).ToArbitrary(), Gen.Elements(-1, 1).ToArbitrary(), (model, amount, sign) =>
        {
            for (var trailer = 0; trailer < model.TrailerCount; trailer++)
            {
                var frame = model.Write(trailer, amount * sign);
                var error = Record.Exception(() => Hl7BatchReader.Read(frame));
                Assert.True(error is Hl7ParseException, $"trailer {trailer} off by {amount * sign}: {error?.GetType().Name ?? "read"}");
            }
        });
}
