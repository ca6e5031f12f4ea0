using Azure.Identity;
using CloudRisPacs.Azure.Configuration;
using CloudRisPacs.TestSupport;

namespace CloudRisPacs.Azure.Tests.Configuration;

public sealed class AzureOptionsTests
{
    [Fact]
    public void A_client_needs_exactly_one_of_connection_string_and_service_uri()
    {
        var neither = new TableStoreOptions().Validate();
        var both = new BlobStoreOptions { ConnectionString = "UseDevelopmentStorage=true", BlobServiceUri = new Uri("https://a.blob.core.windows.net") }.Validate();

        Assert.Equal("Set Storage:TableServiceUri (with an Entra ID credential) or, for Azurite, Storage:ConnectionString.", Assert.Single(neither));
        Assert.Contains("not both", Assert.Single(both), StringComparison.Ordinal);
    }

    [Fact]
    public void Service_uris_must_be_https_unless_loopback_and_connection_strings_must_look_like_one()
    {
        var http = new TableStoreOptions { TableServiceUri = new Uri("http://account.table.core.windows.net") }.Validate();
        var loopback = new TableStoreOptions { TableServiceUri = new Uri("http://127.0.0.1:10002/devstoreaccount1") }.Validate();
        var garbage = new StorageQueueBusOptions { ConnectionString = "just some text" }.Validate();

        Assert.Contains("must use https", Assert.Single(http), StringComparison.Ordinal);
        Assert.Empty(loopback);
        Assert.Contains("is not a connection string", Assert.Single(garbage), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_tuning_problem_is_listed_at_once()
    {
        var problems = new StorageQueueBusOptions
        {
            ConnectionString = "UseDevelopmentStorage=true",
            VisibilityTimeout = TimeSpan.Zero,
            MaxConcurrentMessages = 0,
            ReceiveBatchSize = 33,
            MaxMessageBytes = 100_000,
        }.Validate();
        var serviceBus = new ServiceBusBusOptions { FullyQualifiedNamespace = "https://bus.servicebus.windows.net/", MaxConcurrentSessions = 0 }.Validate();

        Assert.Equal(4, problems.Count);
        Assert.Equal(2, serviceBus.Count);
        Assert.Contains("without scheme or path", serviceBus[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_credential_names_each_missing_piece()
    {
        var problems = new AzureCredentialOptions { Kind = AzureCredentialKind.ClientCertificate, TenantId = "contoso", CertificatePath = "/nonexistent/agent.pem" }
            .Validate();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.Contains("TenantId", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("ClientId", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_credential_kind_builds_its_credential_without_contacting_anyone()
    {
        var certificate = Path.GetTempFileName();
        try
        {
            Assert.IsType<DefaultAzureCredential>(new AzureCredentialOptions().CreateCredential());
            Assert.IsType<ManagedIdentityCredential>(new AzureCredentialOptions
            {
                Kind = AzureCredentialKind.ManagedIdentity,
                ManagedIdentityClientId = "9a6a0e5f-1f7e-4c1e-9d0c-2b9c3f1f0a11",
            }.CreateCredential());
            Assert.IsType<ClientCertificateCredential>(new AzureCredentialOptions
            {
                Kind = AzureCredentialKind.ClientCertificate,
                TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47",
                ClientId = "9a6a0e5f-1f7e-4c1e-9d0c-2b9c3f1f0a11",
                CertificatePath = certificate,
            }.CreateCredential());
        }
        finally
        {
            File.Delete(certificate);
        }
    }

    [Fact]
    public void The_factory_builds_key_clients_for_azurite_and_token_clients_for_service_uris()
    {
        var factory = new AzureClientFactory(new AzureCredentialOptions());

        var azurite = factory.CreateTableServiceClient(new TableStoreOptions { ConnectionString = AzuriteEnvironment.ConnectionString });
        var azure = factory.CreateBlobServiceClient(new BlobStoreOptions { BlobServiceUri = new Uri("https://clinic.blob.core.windows.net") });
        var bus = factory.CreateServiceBusClient(new ServiceBusBusOptions { FullyQualifiedNamespace = "clinic-bus.servicebus.windows.net" });

        Assert.Equal("cloudrispacs", azurite.AccountName);
        Assert.Equal(new Uri("https://clinic.blob.core.windows.net"), azure.Uri);
        Assert.Equal("clinic-bus.servicebus.windows.net", bus.FullyQualifiedNamespace);
        var error = Assert.Throws<AzureConfigurationException>(() => factory.CreateQueueServiceClient(new StorageQueueBusOptions { ReceiveBatchSize = 0 }));
        Assert.Equal(2, error.Problems.Count);
        Assert.Contains("the Storage Queue bus", error.Message, StringComparison.Ordinal);
    }
}
