namespace CloudRisPacs.Tools.LocalDepartment;

/// <summary>A process of the department did not start or did not answer in time; the message says which and why.</summary>
public sealed class DepartmentStartException : Exception
{
    public DepartmentStartException()
    {
    }

    public DepartmentStartException(string message)
        : base(message)
    {
    }

    public DepartmentStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
