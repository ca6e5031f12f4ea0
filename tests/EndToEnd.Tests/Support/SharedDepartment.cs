namespace CloudRisPacs.EndToEnd.Tests.Support;

/// <summary>All end-to-end classes share one department and run one after the other (one machine, one department).</summary>
[CollectionDefinition(Name)]
public sealed class SharedDepartment : ICollectionFixture<DepartmentFixture>
{
    public const string Name = "department";
}
