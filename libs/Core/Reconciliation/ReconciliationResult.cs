using CloudRisPacs.Core.Studies;

namespace CloudRisPacs.Core.Reconciliation;

/// <summary>What reconciling a study found: its state and the orders it is now linked to.</summary>
public sealed record ReconciliationResult(string State, IReadOnlyList<OrderLink> Linked, IReadOnlyList<string> Problems);
