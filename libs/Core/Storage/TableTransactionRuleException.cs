namespace CloudRisPacs.Core.Storage;

/// <summary>A table transaction breaks one of Azure's rules; it was refused before any request was sent.</summary>
public sealed class TableTransactionRuleException : ArgumentException
{
    public TableTransactionRuleException()
    {
    }

    public TableTransactionRuleException(string message)
        : base(message)
    {
    }

    public TableTransactionRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TableTransactionRuleException(TableTransactionRule rule, int? operationIndex, string message)
        : base(message)
    {
        Rule = rule;
        OperationIndex = operationIndex;
    }

    public TableTransactionRule Rule { get; }

    /// <summary>The offending operation, when one operation is to blame.</summary>
    public int? OperationIndex { get; }
}
