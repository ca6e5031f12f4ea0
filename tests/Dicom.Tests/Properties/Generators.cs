using FsCheck;
using FsCheck.Fluent;

namespace CloudRisPacs.Dicom.Tests.Properties;

/// <summary>Generators of valid DICOM values and data sets.</summary>
public static class Generators
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Digits = "0123456789";
    private const string Printable = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,-_()/+*?";

    public static Gen<string> StringOf(string alphabet, int min, int max) =>
        Gen.Choose(min, max).SelectMany(length => Gen.ArrayOf(Gen.Elements(alphabet.ToCharArray()), length)).Select(chars => new string(chars));

    /// <summary>Text made of the text elements (characters, including surrogate pairs) of an alphabet.</summary>
    public static Gen<string> TextOf(string alphabet, int min, int max)
    {
        var elements = new List<string>();
        var enumerator = System.Globalization.StringInfo.GetTextElementEnumerator(alphabet);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        return Gen.Choose(min, max).SelectMany(length => Gen.ArrayOf(Gen.Elements(elements.ToArray()), length)).Select(parts => string.Concat(parts));
    }

    /// <summary>A value valid for a text VR, without leading or trailing spaces (which are insignificant and trimmed).</summary>
    public static Gen<string> TextValue(DicomVR vr) => (vr.Code switch
    {
        "AE" => StringOf(Upper + Digits + "_-", 1, 16),
        "AS" => Gen.Choose(0, 999).SelectMany(n => Gen.Elements('D', 'W', 'M', 'Y').Select(unit => $"{n:D3}{unit}")),
        "CS" => StringOf(Upper + Digits + "_ ", 1, 16),
        "DA" => Date().Select(d => d.ToString()),
        "TM" => Time().Select(t => t.ToString()),
        "DT" => DateTime().Select(d => d.ToString()),
        "DS" => Gen.Elements(-1e6, -1.5, 0.0, 1e-3, 3.141592653589793, 2.5e10).SelectMany(scale => Gen.Choose(-100000, 100000).Select(n => DicomNumberText.FormatDecimal(n * scale / 1000.0))),
        "IS" => Gen.Choose(int.MinValue, int.MaxValue).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        "UI" => Gen.Choose(1, 8).SelectMany(count => Gen.ArrayOf(Gen.Choose(0, 99999), count)).Select(parts => "1.2." + string.Join('.', parts)),
        "PN" => PersonName().Select(n => n.ToString()),
        "LO" => StringOf(Printable, 1, 64),
        "SH" => StringOf(Printable, 1, 16),
        "ST" => StringOf(Printable + "\\\r\n", 1, 200),
        "LT" => StringOf(Printable + "\\\r\n\t", 1, 400),
        "UT" or "UC" => StringOf(Printable, 1, 300),
        "UR" => StringOf("abcdefghijklmnopqrstuvwxyz0123456789/:.", 1, 100).Select(s => "https://" + s),
        _ => throw new ArgumentOutOfRangeException(nameof(vr), vr, "not a text VR"),
    }).Select(v => v.Trim()).Where(v => v.Length > 0);

    public static Gen<DicomDate> Date() =>
        from year in Gen.Choose(1900, 2100)
        from month in Gen.Choose(1, 12)
        from day in Gen.Choose(1, System.DateTime.DaysInMonth(year, month))
        select new DicomDate(year, month, day);

    public static Gen<DicomTime> Time() =>
        from hour in Gen.Choose(0, 23)
        from minute in Gen.Choose(0, 59)
        from second in Gen.Choose(0, 60)
        from precision in Gen.Elements(DicomDateTimePrecision.Hour, DicomDateTimePrecision.Minute, DicomDateTimePrecision.Second, DicomDateTimePrecision.Fraction)
        from digits in Gen.Choose(1, 6)
        from fraction in Gen.Choose(0, (int)Math.Pow(10, digits) - 1)
        select precision == DicomDateTimePrecision.Fraction
            ? new DicomTime(hour, minute, second, fraction * (int)Math.Pow(10, 6 - digits), precision, digits)
            : new DicomTime(hour, precision >= DicomDateTimePrecision.Minute ? minute : 0, precision >= DicomDateTimePrecision.Second ? second : 0, 0, precision);

    public static Gen<DicomDateTime> DateTime() =>
        from date in Date()
        from hasTime in Gen.Elements(true, false)
        from time in Time()
        from offsetMinutes in Gen.Choose(-12 * 60, 14 * 60)
        from hasOffset in Gen.Elements(true, false)
        select new DicomDateTime(date, hasTime ? time : null, hasOffset ? TimeSpan.FromMinutes(offsetMinutes) : null);

    public static Gen<DicomPersonName> PersonName()
    {
        var component = StringOf("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz -.'", 0, 8).Select(s => s.Trim());
        var nameGroup = Gen.ArrayOf(component, 5).Select(c => new DicomPersonNameGroup(c[0], c[1], c[2], c[3], c[4]));
        return from a in nameGroup from i in nameGroup from p in nameGroup select new DicomPersonName(a, i, p);
    }

    /// <summary>A small data set of valid elements of many VRs, with nested sequences.</summary>
    public static Gen<DicomDataset> Dataset(int depth = 2)
    {
        var tags = new (DicomTag Tag, DicomVR VR)[]
        {
            (DicomTag.ImageType, DicomVR.CS), (DicomTag.StudyDate, DicomVR.DA), (DicomTag.StudyTime, DicomVR.TM),
            (DicomTag.AcquisitionDateTime, DicomVR.DT), (DicomTag.AccessionNumber, DicomVR.SH), (DicomTag.Modality, DicomVR.CS),
            (DicomTag.StationAETitle, DicomVR.AE), (DicomTag.InstitutionName, DicomVR.LO), (DicomTag.PatientName, DicomVR.PN),
            (DicomTag.PatientAge, DicomVR.AS), (DicomTag.AdditionalPatientHistory, DicomVR.LT), (DicomTag.StudyComments, DicomVR.LT),
            (DicomTag.DerivationDescription, DicomVR.ST), (DicomTag.SliceThickness, DicomVR.DS), (DicomTag.SeriesNumber, DicomVR.IS),
            (DicomTag.StudyInstanceUID, DicomVR.UI), (DicomTag.TextValue, DicomVR.UT), (DicomTag.RetrieveURL, DicomVR.UR),
            (DicomTag.StrainAdditionalInformation, DicomVR.UC),
        };
        var text = Gen.Elements(tags).SelectMany(pair => Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(TextValue(pair.VR), n))
            .Select(values => (DicomEntry)DicomElement.FromStrings(pair.Tag, pair.VR, pair.VR.IsMultiValued ? values : values[..1])));
        var numbers = Gen.OneOf(
            Gen.ArrayOf(Gen.Choose(0, 65535), 1).Select(v => (DicomEntry)DicomElement.FromNumbers<int>(DicomTag.Rows, DicomVR.US, v)),
            Gen.ArrayOf(Gen.Choose(-32768, 32767)).Select(v => (DicomEntry)DicomElement.FromNumbers<int>(new DicomTag(0x0018, 0x9219), DicomVR.SS, v)),
            Gen.ArrayOf(Gen.Choose(int.MinValue, int.MaxValue)).Select(v => (DicomEntry)DicomElement.FromNumbers<int>(DicomTag.ReferencePixelX0, DicomVR.SL, v)),
            Gen.ArrayOf(Gen.Choose(0, int.MaxValue)).Select(v => (DicomEntry)DicomElement.FromNumbers<int>(DicomTag.SimpleFrameList, DicomVR.UL, v)),
            Gen.ArrayOf(Gen.Choose(-1000000, 1000000)).Select(v => (DicomEntry)DicomElement.FromNumbers<double>(new DicomTag(0x0018, 0x9089), DicomVR.FD, v.Select(x => x / 7.0).ToArray())),
            Gen.ArrayOf(Gen.Choose(-1000, 1000)).Select(v => (DicomEntry)DicomElement.FromNumbers<float>(DicomTag.RecommendedDisplayFrameRateInFloat, DicomVR.FL, v.Select(x => x / 3f).ToArray())),
            Gen.ArrayOf(Gen.Choose(0, 255)).Select(v => (DicomEntry)new DicomElement(DicomTag.PixelData, DicomVR.OB, v.Select(b => (byte)b).ToArray())),
            Gen.ArrayOf(Gen.Choose(0, 65535)).Select(v => (DicomEntry)DicomElement.FromNumbers<int>(DicomTag.OverlayData, DicomVR.OW, v)),
            Gen.ArrayOf(Gen.Choose(-100000, 100000)).Select(v => (DicomEntry)DicomElement.FromNumbers<long>(DicomTag.SelectorSVValue, DicomVR.SV, v.Select(x => (long)x * 123456789L).ToArray())),
            Gen.ArrayOf(Gen.Choose(0, 100000)).Select(v => (DicomEntry)DicomElement.FromNumbers<ulong>(DicomTag.SelectorUVValue, DicomVR.UV, v.Select(x => (ulong)x * 987654321UL).ToArray())),
            Gen.ArrayOf(Gen.Choose(0, 0x7FFF)).Select(v => (DicomEntry)DicomElement.FromTags(DicomTag.FrameIncrementPointer, v.Select(x => new DicomTag((uint)x * 65537u)).ToArray())),
            Gen.ArrayOf(Gen.Choose(0, 255)).Select(v => (DicomEntry)new DicomElement(new DicomTag(0x0029, 0x1001), DicomVR.UN, v.Select(b => (byte)b).ToArray())));
        var leaf = Gen.Frequency((3, text), (2, numbers));
        var entry = depth <= 0
            ? leaf
            : Gen.Frequency((6, leaf), (1, Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Dataset(depth - 1), n))
                .SelectMany(items => Gen.Elements(DicomTag.ReferencedStudySequence, DicomTag.OtherPatientIDsSequence, new DicomTag(0x0029, 0x1010))
                    .Select(tag => (DicomEntry)new DicomSequence(tag, items)))));
        return Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(entry, n)).Select(entries =>
        {
            var dataset = new DicomDataset();
            foreach (var e in entries)
            {
                dataset.Set(e);
            }

            return dataset;
        });
    }
}
