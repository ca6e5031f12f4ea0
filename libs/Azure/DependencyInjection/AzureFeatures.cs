namespace CloudRisPacs.Azure.DependencyInjection;

/// <summary>Which adapters <see cref="AzureServiceCollectionExtensions.AddCloudRisPacsAzure"/> registers.</summary>
[Flags]
public enum AzureFeatures
{
    None = 0,

    /// <summary><c>ITableStore</c> (the cloud; the edge agent keeps its state in SQLite).</summary>
    Tables = 1,

    /// <summary><c>IBlobStore</c>.</summary>
    Blobs = 2,

    /// <summary><c>IBusPublisher</c>, <c>IBusPump</c>, <c>IBusBacklogProbe</c> and the claim check (implies <see cref="Blobs"/>).</summary>
    Bus = 4,

    All = Tables | Blobs | Bus,
}
