using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CloudRisPacs.Dicom.Tests.Properties;

/// <summary>Property tests of value encoding and decoding.</summary>
public sealed class ValueProperties
{
    private static readonly string[] TextVRs = ["AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC", "UI", "UR", "UT"];

    [Property(MaxTest = 500)]
    public Property Text_values_of_every_VR_decode_to_what_was_encoded() =>
        Prop.ForAll(
            Gen.Elements(TextVRs).Select(DicomVR.Parse)
                .SelectMany(vr => Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Generators.TextValue(vr), n)).Select(values => (vr, values: vr.IsMultiValued ? values : values[..1])))
                .ToArbitrary(),
            sample =>
            {
                var element = DicomElement.FromStrings(DicomTag.PatientComments, sample.vr, sample.values, DicomCharacterSet.Default);
                return element.Length % 2 == 0 && element.GetStrings(DicomCharacterSet.Default).SequenceEqual(sample.values);
            });

    [Property(MaxTest = 300)]
    public Property Binary_numbers_decode_to_what_was_encoded() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(int.MinValue, int.MaxValue)).ToArbitrary(), values =>
            RoundTrips(DicomVR.SL, values)
            && RoundTrips(DicomVR.US, values.Select(v => (ushort)v).ToArray())
            && RoundTrips(DicomVR.SS, values.Select(v => (short)v).ToArray())
            && RoundTrips(DicomVR.UL, values.Select(v => (uint)v).ToArray())
            && RoundTrips(DicomVR.SV, values.Select(v => (long)v * 3_000_000_019L).ToArray())
            && RoundTrips(DicomVR.UV, values.Select(v => (ulong)(uint)v * 4_000_000_007UL).ToArray())
            && RoundTrips(DicomVR.FL, values.Select(v => BitConverter.Int32BitsToSingle(v)).Where(float.IsFinite).ToArray())
            && RoundTrips(DicomVR.FD, values.Select(v => v / 3.0).ToArray())
            && RoundTrips(DicomVR.IS, values)
            && RoundTrips(DicomVR.OW, values.Select(v => (ushort)v).ToArray()));

    [Property(MaxTest = 300)]
    public Property Binary_number_values_of_any_length_give_their_numbers_or_a_value_exception() =>
        Prop.ForAll(Gen.Elements("US", "SS", "UL", "SL", "UV", "SV", "FL", "FD").Select(DicomVR.Parse).Zip(Gen.Choose(0, 20)).ToArbitrary(), sample =>
        {
            var (vr, length) = sample;
            var element = new DicomElement(DicomTag.PatientComments, vr, new byte[length]);
            try
            {
                return element.GetNumbers<double>().Length * vr.UnitSize == length && element.GetValueCount() * vr.UnitSize == length;
            }
            catch (DicomValueException)
            {
                return length % vr.UnitSize != 0;
            }
        });

    [Property(MaxTest = 1000)]
    public Property Decimal_strings_fit_16_characters_and_keep_the_value() =>
        Prop.ForAll(Gen.Choose(int.MinValue, int.MaxValue).Two().Select(pair => BitConverter.Int64BitsToDouble(((long)pair.Item1 << 32) | (uint)pair.Item2)).Where(double.IsFinite).ToArbitrary(), value =>
        {
            var text = DicomNumberText.FormatDecimal(value);
            var parsed = double.Parse(text, CultureInfo.InvariantCulture);
            return text.Length <= 16 && (parsed == value || Math.Abs(parsed - value) <= Math.Abs(value) * 1e-8 || Math.Abs(value) < 1e-300);
        });

    [Property(MaxTest = 500)]
    public Property Dates_times_and_date_times_format_and_parse_back() =>
        Prop.ForAll(Generators.Date().Zip(Generators.Time()).Zip(Generators.DateTime()).ToArbitrary(), sample =>
        {
            var ((date, time), dateTime) = sample;
            return DicomDate.Parse(date.ToString()) == date
                && DicomTime.Parse(time.ToString()) == time
                && DicomDateTime.Parse(dateTime.ToString()) == dateTime;
        });

    [Property(MaxTest = 500)]
    public Property Person_names_format_and_parse_back() =>
        Prop.ForAll(Generators.PersonName().ToArbitrary(), name =>
        {
            var parsed = DicomPersonName.Parse(name.ToString());
            return parsed.Alphabetic.Components.SequenceEqual(name.Alphabetic.Components)
                && parsed.Ideographic.Components.SequenceEqual(name.Ideographic.Components)
                && parsed.Phonetic.Components.SequenceEqual(name.Phonetic.Components);
        });

    [Property(MaxTest = 300)]
    public Property Tags_format_and_parse_back(uint value)
    {
        var tag = new DicomTag(value);
        return (DicomTag.Parse(tag.ToString()) == tag && DicomTag.Parse(tag.ToString("X", null)) == tag).ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property Text_in_each_character_set_decodes_to_what_was_encoded() =>
        Prop.ForAll(
            Gen.Elements(Repertoires).SelectMany(r => Generators.TextOf(r.Characters, 1, 30).Select(text => (r.Terms, text))).ToArbitrary(),
            sample =>
            {
                var characterSet = DicomCharacterSet.FromTerms(sample.Terms.Split('\\'));
                var text = sample.text.Trim();
                return characterSet.Decode(characterSet.Encode(text, DicomVR.LO)) == text
                    && characterSet.Decode(characterSet.Encode(text, DicomVR.PN)) == text;
            });

    private static readonly (string Terms, string Characters)[] Repertoires =
    [
        ("ISO_IR 100", "Abc éàüßÑ^=\\"),
        ("ISO_IR 101", "Aąčěłńř ^"),
        ("ISO_IR 144", "ABЖЗИЙКЛ жзий ^"),
        ("ISO_IR 126", "AΑΒΓΔαβγ ^"),
        ("ISO_IR 127", "Aابتث ^"),
        ("ISO_IR 138", "Aאבגד ^"),
        ("ISO_IR 148", "AğĞıİşŞ ^"),
        ("ISO_IR 166", "Aกขคง ^"),
        ("ISO_IR 13", "Aｱｲｳｴｵﾞ ^"),
        ("ISO_IR 192", "A山田é한Ж😀 ^=\\"),
        ("GB18030", "A张小东é ^"),
        ("GBK", "A张小东 ^"),
        ("\\ISO 2022 IR 87", "A山田太郎やまだ ^=\\"),
        ("ISO 2022 IR 13\\ISO 2022 IR 87", "Aｱｲｳ山田やまだ ^=\\"),
        ("\\ISO 2022 IR 87\\ISO 2022 IR 159", "A山田丂 ^=\\"),
        ("\\ISO 2022 IR 149", "A홍길동洪 ^=\\"),
        ("\\ISO 2022 IR 58", "A张小东 ^=\\"),
        ("ISO 2022 IR 100\\ISO 2022 IR 144\\ISO 2022 IR 126", "Aé Жα ^=\\"),
    ];

    private static bool RoundTrips<T>(DicomVR vr, T[] values)
        where T : struct, System.Numerics.INumber<T>
    {
        var element = DicomElement.FromNumbers<T>(DicomTag.ImageIndex, vr, values);
        return element.GetNumbers<T>().SequenceEqual(values);
    }
}
