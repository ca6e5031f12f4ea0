using CloudRisPacs.Dicom.Network.Services.Worklist;

namespace CloudRisPacs.Dicom.Network.Tests.Worklist;

/// <summary>PS3.4 C.2.2.2 matching and K.2.2 return keys, case by case, including what wlmscpfs does not cover.</summary>
public sealed class MatcherTests
{
    private static readonly DicomQueryMatcher Matcher = new();

    private static DicomDataset Item(string name = "MÜLLER^JÖRG", string station = "CT01\\CT02", string date = "20240315", string time = "101500", string modality = "CT", string characterSet = "ISO_IR 100", bool secondStep = true)
    {
        var item = new DicomDataset()
            .SetString(DicomTag.SpecificCharacterSet, characterSet)
            .SetString(DicomTag.PatientName, name)
            .SetString(DicomTag.PatientID, "P1")
            .SetString(DicomTag.StudyInstanceUID, "1.2.3.4")
            .SetString(DicomTag.AccessionNumber, "A-17");
        var steps = new List<DicomDataset>
        {
            new DicomDataset().SetString(DicomTag.Modality, modality).SetStrings(DicomTag.ScheduledStationAETitle, station.Split('\\'))
                .SetString(DicomTag.ScheduledProcedureStepStartDate, date).SetString(DicomTag.ScheduledProcedureStepStartTime, time)
                .SetString(DicomTag.ScheduledProcedureStepID, "S1"),
        };
        if (secondStep)
        {
            steps.Add(new DicomDataset().SetString(DicomTag.Modality, "MR").SetString(DicomTag.ScheduledStationAETitle, "MR01")
                .SetString(DicomTag.ScheduledProcedureStepStartDate, "20240320").SetString(DicomTag.ScheduledProcedureStepStartTime, "080000")
                .SetString(DicomTag.ScheduledProcedureStepID, "S2"));
        }

        item.SetSequence(DicomTag.ScheduledProcedureStepSequence, [.. steps]);
        return item;
    }

    private static DicomDataset Keys(Action<DicomDataset>? top = null, Action<DicomDataset>? step = null, string? characterSet = null)
    {
        var keys = new DicomDataset();
        if (characterSet is not null)
        {
            keys.SetString(DicomTag.SpecificCharacterSet, characterSet);
        }

        keys.SetEmpty(DicomTag.PatientName).SetEmpty(DicomTag.PatientID);
        top?.Invoke(keys);
        var item = new DicomDataset().SetEmpty(DicomTag.ScheduledStationAETitle).SetEmpty(DicomTag.ScheduledProcedureStepID);
        step?.Invoke(item);
        keys.SetSequence(DicomTag.ScheduledProcedureStepSequence, item);
        return keys;
    }

    [Theory]
    [InlineData("MÜLLER^JÖRG", true)]
    [InlineData("müller^jörg", true)]
    [InlineData("M*", true)]
    [InlineData("*JÖRG", true)]
    [InlineData("M?LLER*", true)]
    [InlineData("M?LLER", false)]
    [InlineData("MULLER*", false)]
    [InlineData("*", true)]
    public void Person_names_match_literally_or_with_wildcards_ignoring_case(string key, bool matches)
    {
        var response = Matcher.Match(Keys(k => k.SetString(DicomTag.PatientName, key), characterSet: "ISO_IR 192"), Item());
        Assert.Equal(matches, response is not null);
    }

    [Fact]
    public void Person_name_case_is_significant_when_configured()
    {
        var strict = new DicomQueryMatcher(new DicomQueryMatchingOptions { PersonNameCaseInsensitive = false });
        Assert.Null(strict.Match(Keys(k => k.SetString(DicomTag.PatientName, "müller*"), characterSet: "ISO_IR 192"), Item()));
        Assert.NotNull(strict.Match(Keys(k => k.SetString(DicomTag.PatientName, "MÜLLER*"), characterSet: "ISO_IR 192"), Item()));
    }

    [Fact]
    public void Text_is_compared_as_decoded_and_the_response_uses_the_querys_character_set()
    {
        var response = Matcher.Match(Keys(k => k.SetString(DicomTag.PatientName, "MÜ*"), characterSet: "ISO_IR 192"), Item());

        Assert.NotNull(response);
        Assert.Equal("ISO_IR 192", response.GetString(DicomTag.SpecificCharacterSet));
        Assert.Equal("MÜLLER^JÖRG", response.GetString(DicomTag.PatientName));
        Assert.Equal("MÜLLER^JÖRG"u8.ToArray(), response.GetBytes(DicomTag.PatientName)!.Value.Span.TrimEnd((byte)' ').ToArray());
    }

    [Theory]
    [InlineData("RequestedProcedureDescription")] // after the patient name
    [InlineData("ReferringPhysicianName")] // before it: the name would have been re-encoded and then mislabelled
    public void A_value_the_querys_character_set_cannot_hold_leaves_the_whole_response_in_the_items(string keyword)
    {
        var tag = new DicomTag(DicomDictionary.FindByKeyword(keyword)!.Tag);
        var item = Item(characterSet: "ISO_IR 192");
        item.SetString(tag, tag.Equals(DicomTag.ReferringPhysicianName) ? "Łukasz^Wójcik" : "МРТ головы");
        var keys = Keys(k => k.SetEmpty(tag), characterSet: "ISO_IR 100");

        var response = Matcher.Match(keys, item)!;

        Assert.Equal("ISO_IR 192", response.GetString(DicomTag.SpecificCharacterSet));
        Assert.Equal("MÜLLER^JÖRG", response.GetString(DicomTag.PatientName));
        Assert.Equal(item.GetString(tag), response.GetString(tag));
    }

    [Fact]
    public void Without_a_character_set_in_the_query_the_response_names_the_items()
    {
        var response = Matcher.Match(Keys(k => k.SetString(DicomTag.PatientID, "P1")), Item());
        Assert.Equal("ISO_IR 100", response!.GetString(DicomTag.SpecificCharacterSet));
        Assert.Equal("MÜLLER^JÖRG", response.GetString(DicomTag.PatientName));
    }

    [Theory]
    [InlineData("1.2.3.4", true)]
    [InlineData("1.2.3.9\\1.2.3.4", true)]
    [InlineData("1.2.3.9\\1.2.3.8", false)]
    [InlineData("1.2.3.*", false)]
    public void Uids_match_as_a_list_and_never_by_wildcard(string key, bool matches) =>
        Assert.Equal(matches, Matcher.Match(Keys(k => k.SetBytes(DicomTag.StudyInstanceUID, DicomVR.UI, System.Text.Encoding.ASCII.GetBytes(key))), Item()) is not null);

    [Theory]
    [InlineData("20240315", true)]
    [InlineData("20240314", false)]
    [InlineData("20240301-20240331", true)]
    [InlineData("20240316-", false)]
    [InlineData("20240315-", true)]
    [InlineData("-20240315", true)]
    [InlineData("-20240314", false)]
    public void Dates_match_single_values_and_ranges_open_or_closed(string key, bool matches) =>
        Assert.Equal(matches, Matcher.Match(Keys(step: s => s.SetString(DicomTag.ScheduledProcedureStepStartDate, key)), Item(secondStep: false)) is not null);

    [Theory]
    [InlineData("1015", true)]
    [InlineData("10", true)]
    [InlineData("101501", false)]
    [InlineData("1000-1100", true)]
    [InlineData("1016-", false)]
    [InlineData("-1015", true)]
    [InlineData("2200-1030", true)]
    [InlineData("2200-0900", false)]
    public void Times_match_by_precision_and_ranges_may_cross_midnight(string key, bool matches) =>
        Assert.Equal(matches, Matcher.Match(Keys(step: s => s.SetString(DicomTag.ScheduledProcedureStepStartTime, key)), Item(secondStep: false)) is not null);

    [Theory]
    [InlineData("20240314-20240315", "1000-1100", true)]
    [InlineData("20240314-20240315", "1100-", true)]
    [InlineData("20240315-20240316", "1100-", false)]
    [InlineData("20240310-20240315", "-1000", false)]
    [InlineData("20240310-20240315", "-1015", true)]
    [InlineData("20240315", "1000-1100", true)]
    [InlineData("20240315-", "1016-", false)]
    [InlineData("20240315", "0900-0200", true)] // across midnight on one date: that night, 15th 09:00 to 16th 02:00
    [InlineData("20240314", "2200-1100", true)] // the night of the 14th runs into the 15th, 11:00
    [InlineData("20240314", "2200-1000", false)]
    [InlineData("20240315", "2200-0200", false)]
    public void Start_date_and_time_match_as_one_date_time_range(string date, string time, bool matches)
    {
        // 2024-03-15 10:15 lies within "14th 11:00 to 15th end of day" but not within "15th 11:00 to 16th".
        var keys = Keys(step: s => s.SetString(DicomTag.ScheduledProcedureStepStartDate, date).SetString(DicomTag.ScheduledProcedureStepStartTime, time));
        Assert.Equal(matches, Matcher.Match(keys, Item(secondStep: false)) is not null);
    }

    [Fact]
    public void Date_time_values_match_ranges_with_offsets()
    {
        var item = new DicomDataset().SetString(DicomTag.AcquisitionDateTime, "20240315101500+0100");
        Assert.NotNull(Matcher.Match(new DicomDataset().SetString(DicomTag.AcquisitionDateTime, "20240315090000+0000-20240315093000+0000"), item));
        Assert.Null(Matcher.Match(new DicomDataset().SetString(DicomTag.AcquisitionDateTime, "20240315100000-20240315110000"), item));
        Assert.NotNull(Matcher.Match(new DicomDataset().SetString(DicomTag.AcquisitionDateTime, "2024"), item));
    }

    [Theory]
    [InlineData("20240315100000-0500-20240315120000-0500", true)]
    [InlineData("20240315120000-0500-20240315130000-0500", false)]
    [InlineData("20240315100000-0500-", true)]
    [InlineData("20240315113000-0500-", false)]
    [InlineData("-20240315103000-0500", false)]
    [InlineData("20240315153000+0000-20240315120000-0500", true)]
    [InlineData("20240315-0500-20240315-0500", true)]
    public void Date_time_ranges_match_with_a_negative_offset_on_either_end(string key, bool matches)
    {
        // 16:00 UTC is 11:00 at -0500; the '-' of an offset is not the range separator (PS3.5 table 6.2-1, PS3.4 C.2.2.2.5).
        var item = new DicomDataset().SetString(DicomTag.AcquisitionDateTime, "20240315160000+0000");
        Assert.Equal(matches, Matcher.Match(new DicomDataset().SetString(DicomTag.AcquisitionDateTime, key), item) is not null);
    }

    [Theory]
    [InlineData("20240301-20240331", true)]
    [InlineData("20240315", true)]
    [InlineData("-20240314", false)]
    [InlineData("20240316-", false)]
    public void Dates_in_the_ACR_NEMA_form_match_as_dates_and_are_returned_in_the_standard_form(string range, bool matches)
    {
        // PS3.5 6.2 DA: "YYYY.MM.DD" is the ACR-NEMA 2.0 form, read for compatibility; this library writes YYYYMMDD.
        // Set as read: the setters refuse the form.
        var item = Item(secondStep: false);
        item.Set(new DicomElement(DicomTag.StudyDate, DicomVR.DA, "2024.03.15"u8.ToArray()));
        item.GetFirstItem(DicomTag.ScheduledProcedureStepSequence)!.Set(new DicomElement(DicomTag.ScheduledProcedureStepStartDate, DicomVR.DA, "2024.03.15"u8.ToArray()));

        var response = Matcher.Match(Keys(top: k => k.SetEmpty(DicomTag.StudyDate), step: s => s.SetString(DicomTag.ScheduledProcedureStepStartDate, range)), item);

        Assert.Equal(matches, response is not null);
        if (response is not null)
        {
            Assert.Equal("20240315", response.GetString(DicomTag.StudyDate));
            Assert.Equal("20240315", response.GetFirstItem(DicomTag.ScheduledProcedureStepSequence)!.GetString(DicomTag.ScheduledProcedureStepStartDate));
        }
    }

    [Fact]
    public void A_multi_valued_attribute_matches_when_any_value_does()
    {
        Assert.NotNull(Matcher.Match(Keys(step: s => s.SetString(DicomTag.ScheduledStationAETitle, "CT02")), Item()));
        Assert.Null(Matcher.Match(Keys(step: s => s.SetString(DicomTag.ScheduledStationAETitle, "CT03")), Item()));
    }

    [Fact]
    public void Sequence_matching_returns_only_the_matching_items_with_only_the_requested_keys()
    {
        var response = Matcher.Match(Keys(step: s => s.SetString(DicomTag.Modality, "MR")), Item());

        var step = Assert.Single(response!.GetSequence(DicomTag.ScheduledProcedureStepSequence)!.Items);
        Assert.Equal("S2", step.GetString(DicomTag.ScheduledProcedureStepID));
        Assert.Equal([DicomTag.Modality, DicomTag.ScheduledStationAETitle, DicomTag.ScheduledProcedureStepID], step.Select(e => e.Tag));
    }

    [Fact]
    public void An_empty_item_asks_for_the_whole_sequence()
    {
        var keys = new DicomDataset().SetEmpty(DicomTag.PatientName);
        keys.SetSequence(DicomTag.ScheduledProcedureStepSequence, new DicomDataset());

        var response = Matcher.Match(keys, Item());

        var steps = response!.GetSequence(DicomTag.ScheduledProcedureStepSequence)!.Items;
        Assert.Equal(2, steps.Count);
        Assert.Equal(5, steps[0].Count);
    }

    [Fact]
    public void Requested_keys_the_item_lacks_come_back_empty_and_others_are_not_returned()
    {
        var keys = Keys(k =>
        {
            k.SetEmpty(DicomTag.PatientBirthDate);
            k.SetSequence(DicomTag.ReferencedStudySequence, new DicomDataset().SetEmpty(DicomTag.ReferencedSOPClassUID));
        });

        var response = Matcher.Match(keys, Item());

        Assert.NotNull(response);
        Assert.Equal(0, response.GetElement(DicomTag.PatientBirthDate)!.Length);
        Assert.Empty(response.GetSequence(DicomTag.ReferencedStudySequence)!.Items);
        Assert.False(response.Contains(DicomTag.AccessionNumber));
        Assert.False(response.Contains(DicomTag.StudyInstanceUID));
    }

    [Fact]
    public void An_absent_or_empty_value_matches_no_matching_key_but_a_lone_star()
    {
        var item = Item();
        item.SetEmpty(DicomTag.AccessionNumber);
        Assert.Null(Matcher.Match(Keys(k => k.SetString(DicomTag.AccessionNumber, "A*")), item));
        Assert.NotNull(Matcher.Match(Keys(k => k.SetString(DicomTag.AccessionNumber, "*")), item));
        Assert.Null(Matcher.Match(Keys(k => k.SetString(DicomTag.RequestedProcedureID, "RP1")), item));
    }

    [Fact]
    public void A_compiled_query_answers_every_candidate_as_a_one_shot_match_does()
    {
        var keys = Keys(
            k => k.SetString(DicomTag.PatientName, "M*"),
            s => s.SetString(DicomTag.ScheduledProcedureStepStartDate, "20240315-20240320").SetString(DicomTag.ScheduledProcedureStepStartTime, "1000-"),
            characterSet: "ISO_IR 100");
        var candidates = new[]
        {
            Item(), Item(name: "MEIER^HANS"), Item(name: "SCHMIDT^KARL"), Item(date: "20240314"), Item(time: "0930", secondStep: false),
        };
        var compiled = Matcher.Compile(keys);

        foreach (var candidate in candidates)
        {
            var once = Matcher.Match(keys, candidate);
            var reused = compiled.Match(candidate);
            Assert.Equal(once is null, reused is null);
            if (once is not null)
            {
                Assert.Equal(
                    IO.DicomDatasetWriter.Encode(once, DicomTransferSyntax.ExplicitVRLittleEndian).ToArray(),
                    IO.DicomDatasetWriter.Encode(reused!, DicomTransferSyntax.ExplicitVRLittleEndian).ToArray());
            }
        }

        Assert.Equal([true, true, false, true, false], candidates.Select(c => compiled.Match(c) is not null));
    }

    [Fact]
    public void The_candidate_is_not_changed_by_matching()
    {
        var item = Item();
        var before = IO.DicomDatasetWriter.Encode(item, DicomTransferSyntax.ExplicitVRLittleEndian);
        var keys = new DicomDataset();
        keys.SetSequence(DicomTag.ScheduledProcedureStepSequence, new DicomDataset());

        _ = Matcher.Match(keys, item);

        Assert.Equal(before, IO.DicomDatasetWriter.Encode(item, DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Same(item, item.GetSequence(DicomTag.ScheduledProcedureStepSequence)!.Items[0].Parent);
    }
}
