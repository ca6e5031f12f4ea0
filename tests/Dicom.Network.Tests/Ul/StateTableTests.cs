using CloudRisPacs.Dicom.Network.Ul;

namespace CloudRisPacs.Dicom.Network.Tests.Ul;

/// <summary>The table is PS3.8 table 9-10: its cells, and the next states of tables 9-6 to 9-9.</summary>
public sealed class StateTableTests
{
    /// <summary>The number of defined cells per event (row) of table 9-10.</summary>
    public static TheoryData<UlEvent, int> CellsPerEvent => new()
    {
        { UlEvent.Evt1, 1 }, { UlEvent.Evt2, 1 }, { UlEvent.Evt3, 11 }, { UlEvent.Evt4, 11 }, { UlEvent.Evt5, 1 },
        { UlEvent.Evt6, 11 }, { UlEvent.Evt7, 1 }, { UlEvent.Evt8, 1 }, { UlEvent.Evt9, 2 }, { UlEvent.Evt10, 11 },
        { UlEvent.Evt11, 1 }, { UlEvent.Evt12, 11 }, { UlEvent.Evt13, 11 }, { UlEvent.Evt14, 3 }, { UlEvent.Evt15, 10 },
        { UlEvent.Evt16, 11 }, { UlEvent.Evt17, 12 }, { UlEvent.Evt18, 2 }, { UlEvent.Evt19, 11 },
    };

    [Theory]
    [MemberData(nameof(CellsPerEvent))]
    public void Each_event_is_defined_in_the_states_of_the_standard(UlEvent @event, int cells)
    {
        Assert.Equal(cells, UlStateTable.Cells.Count(c => c.Event == @event));
    }

    [Fact]
    public void The_table_has_123_cells() => Assert.Equal(123, UlStateTable.Count);

    [Theory]
    [InlineData(UlEvent.Evt1, UlState.Sta1, UlAction.AE1, UlState.Sta4)]
    [InlineData(UlEvent.Evt3, UlState.Sta5, UlAction.AE3, UlState.Sta6)]
    [InlineData(UlEvent.Evt4, UlState.Sta5, UlAction.AE4, UlState.Sta1)]
    [InlineData(UlEvent.Evt5, UlState.Sta1, UlAction.AE5, UlState.Sta2)]
    [InlineData(UlEvent.Evt7, UlState.Sta3, UlAction.AE7, UlState.Sta6)]
    [InlineData(UlEvent.Evt8, UlState.Sta3, UlAction.AE8, UlState.Sta13)]
    [InlineData(UlEvent.Evt10, UlState.Sta6, UlAction.DT2, UlState.Sta6)]
    [InlineData(UlEvent.Evt10, UlState.Sta7, UlAction.AR6, UlState.Sta7)]
    [InlineData(UlEvent.Evt9, UlState.Sta8, UlAction.AR7, UlState.Sta8)]
    [InlineData(UlEvent.Evt12, UlState.Sta6, UlAction.AR2, UlState.Sta8)]
    [InlineData(UlEvent.Evt13, UlState.Sta7, UlAction.AR3, UlState.Sta1)]
    [InlineData(UlEvent.Evt13, UlState.Sta10, UlAction.AR10, UlState.Sta12)]
    [InlineData(UlEvent.Evt13, UlState.Sta11, UlAction.AR3, UlState.Sta1)]
    [InlineData(UlEvent.Evt14, UlState.Sta9, UlAction.AR9, UlState.Sta11)]
    [InlineData(UlEvent.Evt14, UlState.Sta12, UlAction.AR4, UlState.Sta13)]
    [InlineData(UlEvent.Evt15, UlState.Sta4, UlAction.AA2, UlState.Sta1)]
    [InlineData(UlEvent.Evt16, UlState.Sta13, UlAction.AA2, UlState.Sta1)]
    [InlineData(UlEvent.Evt17, UlState.Sta2, UlAction.AA5, UlState.Sta1)]
    [InlineData(UlEvent.Evt17, UlState.Sta13, UlAction.AR5, UlState.Sta1)]
    [InlineData(UlEvent.Evt18, UlState.Sta2, UlAction.AA2, UlState.Sta1)]
    [InlineData(UlEvent.Evt19, UlState.Sta6, UlAction.AA8, UlState.Sta13)]
    [InlineData(UlEvent.Evt19, UlState.Sta13, UlAction.AA7, UlState.Sta13)]
    [InlineData(UlEvent.Evt6, UlState.Sta13, UlAction.AA7, UlState.Sta13)]
    [InlineData(UlEvent.Evt3, UlState.Sta2, UlAction.AA1, UlState.Sta13)]
    public void Cells_read_as_in_the_standard(UlEvent @event, UlState state, UlAction action, UlState next)
    {
        Assert.True(UlStateTable.TryGetAction(@event, state, out var found));
        Assert.Equal(action, found);
        Assert.Equal(next, UlStateTable.NextState(found));
    }

    [Theory]
    [InlineData(UlAction.AE6)]
    [InlineData(UlAction.AR8)]
    public void Two_actions_decide_their_next_state(UlAction action) => Assert.Null(UlStateTable.NextState(action));

    [Fact]
    public void Whatever_arrives_on_the_wire_has_an_action_in_every_state_with_a_connection()
    {
        UlEvent[] wire = [UlEvent.Evt3, UlEvent.Evt4, UlEvent.Evt6, UlEvent.Evt10, UlEvent.Evt12, UlEvent.Evt13, UlEvent.Evt16, UlEvent.Evt17, UlEvent.Evt19];
        foreach (var state in Enum.GetValues<UlState>().Except([UlState.Sta1, UlState.Sta4]))
        {
            foreach (var @event in wire)
            {
                Assert.True(UlStateTable.TryGetAction(@event, state, out _), $"{@event} in {state}");
            }
        }
    }

    [Fact]
    public void Local_primitives_are_limited_to_their_states()
    {
        Assert.False(UlStateTable.TryGetAction(UlEvent.Evt9, UlState.Sta7, out _));
        Assert.False(UlStateTable.TryGetAction(UlEvent.Evt11, UlState.Sta8, out _));
        Assert.False(UlStateTable.TryGetAction(UlEvent.Evt14, UlState.Sta10, out _));
        Assert.False(UlStateTable.TryGetAction(UlEvent.Evt15, UlState.Sta13, out _));
    }
}
