namespace CloudRisPacs.Core.Pipeline;

/// <summary>
/// The ORC-1 + ORC-5 → action and step status table. An exact (control, status) line wins over a <c>*</c> line; a
/// pair with no line is unmapped and the message is rejected with that reason (never guessed).
/// </summary>
public sealed class OrderStatusTable
{
    private readonly IReadOnlyList<OrderStatusRule> rules;

    public OrderStatusTable(IEnumerable<OrderStatusRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        this.rules = rules.ToArray();
    }

    /// <summary>
    /// The defaults, after HL7 table 0119 (order control) and 0038 (order status): NW/SC schedule, XO updates, CA/OC
    /// cancel, DC/OD discontinue, SC with CM completes, SC with IP starts, SC with A (some results) arrives.
    /// </summary>
    public static IReadOnlyList<OrderStatusRule> DefaultRules { get; } =
    [
        new("NW", string.Empty, StepAction.Schedule, "SCHEDULED"),
        new("NW", "SC", StepAction.Schedule, "SCHEDULED"),
        new("NW", "IP", StepAction.Schedule, "SCHEDULED"),
        new("SN", string.Empty, StepAction.Schedule, "SCHEDULED"),
        new("SC", string.Empty, StepAction.Update, null),
        new("SC", "SC", StepAction.Schedule, "SCHEDULED"),
        new("SC", "A", StepAction.Progress, "ARRIVED"),
        new("SC", "IP", StepAction.Progress, "STARTED"),
        new("SC", "CM", StepAction.Complete, "COMPLETED"),
        new("SC", "CA", StepAction.Cancel, "CANCELLED"),
        new("SC", "DC", StepAction.Discontinue, "DISCONTINUED"),
        new("XO", OrderStatusRule.AnyStatus, StepAction.Update, null),
        new("XO", "SC", StepAction.Update, "SCHEDULED"),
        new("XO", "CM", StepAction.Complete, "COMPLETED"),
        new("CA", OrderStatusRule.AnyStatus, StepAction.Cancel, "CANCELLED"),
        new("OC", OrderStatusRule.AnyStatus, StepAction.Cancel, "CANCELLED"),
        new("CR", OrderStatusRule.AnyStatus, StepAction.Cancel, "CANCELLED"),
        new("DC", OrderStatusRule.AnyStatus, StepAction.Discontinue, "DISCONTINUED"),
        new("OD", OrderStatusRule.AnyStatus, StepAction.Discontinue, "DISCONTINUED"),
    ];

    public static OrderStatusTable Default { get; } = new(DefaultRules);

    public IReadOnlyList<OrderStatusRule> Rules => rules;

    /// <summary>The rule for the pair, or null when it is unmapped.</summary>
    public OrderStatusRule? Find(string orderControl, string orderStatus)
    {
        ArgumentNullException.ThrowIfNull(orderControl);
        ArgumentNullException.ThrowIfNull(orderStatus);
        var control = orderControl.Trim().ToUpperInvariant();
        var status = orderStatus.Trim().ToUpperInvariant();
        return rules.FirstOrDefault(r => Same(r.OrderControl, control) && Same(r.OrderStatus, status))
            ?? rules.FirstOrDefault(r => Same(r.OrderControl, control) && r.OrderStatus == OrderStatusRule.AnyStatus);
    }

    /// <summary>Problems of the table (duplicate lines, unknown step statuses), for options validation.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        string[] statuses = ["SCHEDULED", "ARRIVED", "READY", "STARTED", "COMPLETED", "DISCONTINUED", "CANCELLED"];
        foreach (var group in rules.GroupBy(r => (r.OrderControl.ToUpperInvariant(), r.OrderStatus.ToUpperInvariant())).Where(g => g.Count() > 1))
        {
            problems.Add($"The order status table has {group.Count()} lines for ORC-1 '{group.Key.Item1}' with ORC-5 '{group.Key.Item2}'.");
        }

        foreach (var rule in rules.Where(r => r.StepStatus is not null && !statuses.Contains(r.StepStatus, StringComparer.Ordinal)))
        {
            problems.Add($"Step status '{rule.StepStatus}' (ORC-1 '{rule.OrderControl}') is not one of {string.Join(", ", statuses)}.");
        }

        return problems;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
