using System.Collections.Frozen;

namespace CloudRisPacs.Dicom.Network.Ul;

/// <summary>
/// PS3.8 table 9-10 as data: (event, state) → action, and each action's next state from tables 9-6 to 9-9. A pair that
/// is not in the table is not allowed in that state. Rows are written in the order of the standard so that they can be
/// checked against it line by line.
/// </summary>
public static class UlStateTable
{
    private static readonly FrozenDictionary<(UlEvent, UlState), UlAction> Transitions = Build();

    /// <summary>The number of (event, state) pairs defined (the non-empty cells of table 9-10).</summary>
    public static int Count => Transitions.Count;

    /// <summary>Every defined cell, for tests and documentation.</summary>
    public static IEnumerable<(UlEvent Event, UlState State, UlAction Action)> Cells =>
        Transitions.Select(pair => (pair.Key.Item1, pair.Key.Item2, pair.Value));

    /// <summary>The action for an event in a state, or false when the table has no entry for the pair.</summary>
    public static bool TryGetAction(UlEvent @event, UlState state, out UlAction action) =>
        Transitions.TryGetValue((@event, state), out action);

    /// <summary>
    /// The state an action leads to (tables 9-6 to 9-9). Null for AE-6 and AR-8, whose next state depends on the
    /// outcome: AE-6 on whether the service provider accepts the request, AR-8 on whether this side requested the association.
    /// </summary>
    public static UlState? NextState(UlAction action) => action switch
    {
        UlAction.AE1 => UlState.Sta4,
        UlAction.AE2 => UlState.Sta5,
        UlAction.AE3 => UlState.Sta6,
        UlAction.AE4 => UlState.Sta1,
        UlAction.AE5 => UlState.Sta2,
        UlAction.AE6 => null,
        UlAction.AE7 => UlState.Sta6,
        UlAction.AE8 => UlState.Sta13,
        UlAction.DT1 => UlState.Sta6,
        UlAction.DT2 => UlState.Sta6,
        UlAction.AR1 => UlState.Sta7,
        UlAction.AR2 => UlState.Sta8,
        UlAction.AR3 => UlState.Sta1,
        UlAction.AR4 => UlState.Sta13,
        UlAction.AR5 => UlState.Sta1,
        UlAction.AR6 => UlState.Sta7,
        UlAction.AR7 => UlState.Sta8,
        UlAction.AR8 => null,
        UlAction.AR9 => UlState.Sta11,
        UlAction.AR10 => UlState.Sta12,
        UlAction.AA1 => UlState.Sta13,
        UlAction.AA2 => UlState.Sta1,
        UlAction.AA3 => UlState.Sta1,
        UlAction.AA4 => UlState.Sta1,
        UlAction.AA5 => UlState.Sta1,
        UlAction.AA6 => UlState.Sta13,
        UlAction.AA7 => UlState.Sta13,
        UlAction.AA8 => UlState.Sta13,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not a PS3.8 action."),
    };

    private static FrozenDictionary<(UlEvent, UlState), UlAction> Build()
    {
        var table = new Dictionary<(UlEvent, UlState), UlAction>();

        // One line per event (row of table 9-10); the cells list the states (columns) in which the event is defined.
        Row(UlEvent.Evt1, (UlState.Sta1, UlAction.AE1));
        Row(UlEvent.Evt2, (UlState.Sta4, UlAction.AE2));
        Row(UlEvent.Evt3, (UlState.Sta2, UlAction.AA1), (UlState.Sta3, UlAction.AA8), (UlState.Sta5, UlAction.AE3), (UlState.Sta6, UlAction.AA8), (UlState.Sta7, UlAction.AA8), (UlState.Sta8, UlAction.AA8), (UlState.Sta9, UlAction.AA8), (UlState.Sta10, UlAction.AA8), (UlState.Sta11, UlAction.AA8), (UlState.Sta12, UlAction.AA8), (UlState.Sta13, UlAction.AA6));
        Row(UlEvent.Evt4, (UlState.Sta2, UlAction.AA1), (UlState.Sta3, UlAction.AA8), (UlState.Sta5, UlAction.AE4), (UlState.Sta6, UlAction.AA8), (UlState.Sta7, UlAction.AA8), (UlState.Sta8, UlAction.AA8), (UlState.Sta9, UlAction.AA8), (UlState.Sta10, UlAction.AA8), (UlState.Sta11, UlAction.AA8), (UlState.Sta12, UlAction.AA8), (UlState.Sta13, UlAction.AA6));
        Row(UlEvent.Evt5, (UlState.Sta1, UlAction.AE5));
        Row(UlEvent.Evt6, (UlState.Sta2, UlAction.AE6), (UlState.Sta3, UlAction.AA8), (UlState.Sta5, UlAction.AA8), (UlState.Sta6, UlAction.AA8), (UlState.Sta7, UlAction.AA8), (UlState.Sta8, UlAction.AA8), (UlState.Sta9, UlAction.AA8), (UlState.Sta10, UlAction.AA8), (UlState.Sta11, UlAction.AA8), (UlState.Sta12, UlAction.AA8), (UlState.Sta13, UlAction.AA7));
        Row(UlEvent.Evt7, (UlState.Sta3, UlAction.AE7));
        Row(UlEvent.Evt8, (UlState.Sta3, UlAction.AE8));
        Row(UlEvent.Evt9, (UlState.Sta6, UlAction.DT1), (UlState.Sta8, UlAction.AR7));
        Row(UlEvent.Evt10, (UlState.Sta2, UlAction.AA1), (UlState.Sta3, UlAction.AA8), (UlState.Sta5, UlAction.AA8), (UlState.Sta6, UlAction.DT2), (UlState.Sta7, UlAction.AR6), (UlState.Sta8, UlAction.AA8), (UlState.Sta9, UlAction.AA8), (UlState.Sta10, UlAction.AA8), (UlState.Sta11, UlAction.AA8), (UlState.Sta12, UlAction.AA8), (UlState.Sta13, UlAction.AA6));
        Row(UlEvent.Evt11, (UlState.Sta6, UlAction.AR1));
        Row(UlEvent.Evt12, (UlState.Sta2, UlAction.AA1), (UlState.Sta3, UlAction.AA8), (UlState.Sta5, UlAction.AA8), (UlState.Sta6, UlAction.AR2), (UlState.Sta7, UlAction.AR8), (UlState.Sta8, UlAction.AA8), (UlState.Sta9, UlAction.AA8), (UlState.Sta10, UlAction.AA8), (UlState.Sta11, UlAction.AA8), (UlState.Sta12, UlAction.AA8), (UlState.Sta13, UlAction.AA6));
        Row(UlEvent.Evt13, (UlState.Sta2, UlAction.AA1), (UlState.Sta3, UlAction.AA8), (UlState.Sta5, UlAction.AA8), (UlState.Sta6, UlAction.AA8), (UlState.Sta7, UlAction.AR3), (UlState.Sta8, UlAction.AA8), (UlState.Sta9, UlAction.AA8), (UlState.Sta10, UlAction.AR10), (UlState.Sta11, UlAction.AR3), (UlState.Sta12, UlAction.AA8), (UlState.Sta13, UlAction.AA6));
        Row(UlEvent.Evt14, (UlState.Sta8, UlAction.AR4), (UlState.Sta9, UlAction.AR9), (UlState.Sta12, UlAction.AR4));
        Row(UlEvent.Evt15, (UlState.Sta3, UlAction.AA1), (UlState.Sta4, UlAction.AA2), (UlState.Sta5, UlAction.AA1), (UlState.Sta6, UlAction.AA1), (UlState.Sta7, UlAction.AA1), (UlState.Sta8, UlAction.AA1), (UlState.Sta9, UlAction.AA1), (UlState.Sta10, UlAction.AA1), (UlState.Sta11, UlAction.AA1), (UlState.Sta12, UlAction.AA1));
        Row(UlEvent.Evt16, (UlState.Sta2, UlAction.AA2), (UlState.Sta3, UlAction.AA3), (UlState.Sta5, UlAction.AA3), (UlState.Sta6, UlAction.AA3), (UlState.Sta7, UlAction.AA3), (UlState.Sta8, UlAction.AA3), (UlState.Sta9, UlAction.AA3), (UlState.Sta10, UlAction.AA3), (UlState.Sta11, UlAction.AA3), (UlState.Sta12, UlAction.AA3), (UlState.Sta13, UlAction.AA2));
        Row(UlEvent.Evt17, (UlState.Sta2, UlAction.AA5), (UlState.Sta3, UlAction.AA4), (UlState.Sta4, UlAction.AA4), (UlState.Sta5, UlAction.AA4), (UlState.Sta6, UlAction.AA4), (UlState.Sta7, UlAction.AA4), (UlState.Sta8, UlAction.AA4), (UlState.Sta9, UlAction.AA4), (UlState.Sta10, UlAction.AA4), (UlState.Sta11, UlAction.AA4), (UlState.Sta12, UlAction.AA4), (UlState.Sta13, UlAction.AR5));
        Row(UlEvent.Evt18, (UlState.Sta2, UlAction.AA2), (UlState.Sta13, UlAction.AA2));
        Row(UlEvent.Evt19, (UlState.Sta2, UlAction.AA1), (UlState.Sta3, UlAction.AA8), (UlState.Sta5, UlAction.AA8), (UlState.Sta6, UlAction.AA8), (UlState.Sta7, UlAction.AA8), (UlState.Sta8, UlAction.AA8), (UlState.Sta9, UlAction.AA8), (UlState.Sta10, UlAction.AA8), (UlState.Sta11, UlAction.AA8), (UlState.Sta12, UlAction.AA8), (UlState.Sta13, UlAction.AA7));
        return table.ToFrozenDictionary();

        void Row(UlEvent @event, params (UlState State, UlAction Action)[] cells)
        {
            foreach (var (state, action) in cells)
            {
                table.Add((@event, state), action);
            }
        }
    }
}
