using CloudRisPacs.Core.Tenancy;
using CloudRisPacs.Dicom.Network.Identity;
using CloudRisPacs.Edge.Configuration;
using CloudRisPacs.Edge.DicomServices;
using CloudRisPacs.Edge.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using CloudRisPacs.TestSupport;
using Microsoft.Extensions.Configuration;

namespace CloudRisPacs.EdgeAgent.Tests.Configuration;

public sealed class ConfigurationTests
{
    [Fact]
    public void The_sample_configurations_in_packaging_are_valid()
    {
        foreach (var file in new[] { "appsettings.sample.json", "appsettings.local.json" })
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(RepositoryPaths.Combine("edge-agent", "packaging", file))
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    // The samples leave secrets and machine paths for the installer to fill in.
                    ["EdgeAgent:Cloud:StorageConnectionString"] = file.Contains("local", StringComparison.Ordinal) ? AzuriteLike : null,
                    ["EdgeAgent:Cloud:Credential:CertificatePath"] = file.Contains("local", StringComparison.Ordinal) ? null : typeof(ConfigurationTests).Assembly.Location,
                })
                .Build();
            var (options, problems) = EdgeAgentConfiguration.Read(configuration);
            Assert.True(problems.Count == 0, $"{file}: {string.Join("; ", problems)}");
            Assert.NotNull(options);
        }
    }

    [Fact]
    public void Every_problem_is_listed_at_once_in_plain_words()
    {
        var (options, problems) = Read(new()
        {
            ["EdgeAgent:TenantId"] = "Clinic_A",
            ["EdgeAgent:Cloud:Mode"] = "ServiceBus",
            ["EdgeAgent:Cloud:BlobServiceUri"] = "http://account.blob.core.windows.net",
            ["EdgeAgent:Cloud:StorageConnectionString"] = "AccountName=x;AccountKey=y",
            ["EdgeAgent:Mllp:Port"] = "70000",
            ["EdgeAgent:Mllp:AllowedPeers:0"] = "10.1.0.0/40",
            ["EdgeAgent:Dicom:AeTitle"] = "A_TITLE_THAT_IS_FAR_TOO_LONG",
            ["EdgeAgent:Status:Port"] = "2575",
        });
        Assert.Null(options);
        string[] expected =
        [
            "EdgeAgent:TenantId 'Clinic_A' is invalid",
            "EdgeAgent:SiteId is required",
            "EdgeAgent:DataFolder is required",
            "ServiceBusNamespace (with an Entra ID credential) or ServiceBusConnectionString",
            "BlobServiceUri 'http://account.blob.core.windows.net/' must be an absolute https URI",
            "StorageConnectionString is for local mode only",
            "ApiBaseUri is required in ServiceBus mode",
            "EdgeAgent:Mllp:Port must be 1 to 65535 (it is 70000)",
            "EdgeAgent:Mllp:AllowedPeers: '10.1.0.0/40' has an invalid prefix length",
            "EdgeAgent:Dicom:AeTitle 'A_TITLE_THAT_IS_FAR_TOO_LONG' is not a valid AE title",
            "EdgeAgent:Dicom:Modalities is empty",
        ];
        foreach (var text in expected)
        {
            Assert.True(problems.Any(p => p.Contains(text, StringComparison.Ordinal)), $"Missing '{text}' in:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
        }
    }

    [Fact]
    public void Misspelled_keys_and_unconvertible_values_are_all_reported_before_binding()
    {
        var (_, problems) = Read(new()
        {
            ["EdgeAgent:Mlp:Port"] = "2575",
            ["EdgeAgent:Cloud:Mode"] = "Kafka",
            ["EdgeAgent:Mllp:IdleTimeout"] = "five minutes",
            ["EdgeAgent:Mllp:Port"] = "twenty",
            ["EdgeAgent:Dicom:AllowAnyCallingAeTitle"] = "maybe",
        });
        Assert.Contains(problems, p => p.StartsWith("EdgeAgent:Mlp is not a known setting", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("EdgeAgent:Cloud:Mode 'Kafka' is not a valid value (use one of ServiceBus, StorageQueues)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("EdgeAgent:Mllp:IdleTimeout 'five minutes' is not a valid duration", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("EdgeAgent:Mllp:Port 'twenty' is not a valid whole number", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("EdgeAgent:Dicom:AllowAnyCallingAeTitle 'maybe' is not a valid true/false value", StringComparison.Ordinal));
        Assert.Equal(5, problems.Count);
    }

    [Fact]
    public void The_mllp_listeners_frame_time_limit_is_a_setting_checked_at_start()
    {
        var (_, zero) = Read(new() { ["EdgeAgent:Mllp:MaxFrameTime"] = "00:00:00" });
        Assert.Contains("EdgeAgent:Mllp:MaxFrameTime must be positive.", zero);
        var (_, tooLong) = Read(new() { ["EdgeAgent:Mllp:MaxFrameTime"] = "100.00:00:00" });
        Assert.Contains(tooLong, p => p.StartsWith("EdgeAgent:Mllp:MaxFrameTime is 100.00:00:00: at most 30 days", StringComparison.Ordinal));
        var (_, fine) = Read(new() { ["EdgeAgent:Mllp:MaxFrameTime"] = "00:02:00" });
        Assert.DoesNotContain(fine, p => p.Contains("MaxFrameTime", StringComparison.Ordinal));
    }

    [Fact]
    public void The_onboarding_outputs_are_the_agents_configuration_keys()
    {
        // Environment-variable form, as the tenant onboarding template outputs them.
        var environment = new Dictionary<string, string?>
        {
            [EdgeAgentSettingNames.TenantId] = "clinic-a",
            [EdgeAgentSettingNames.SiteId] = "main",
            [EdgeAgentSettingNames.CloudMode] = "ServiceBus",
            [EdgeAgentSettingNames.ServiceBusNamespace] = "clinic-bus.servicebus.windows.net",
            [EdgeAgentSettingNames.BlobServiceUri] = "https://clinicdata.blob.core.windows.net",
            [EdgeAgentSettingNames.IngressQueue] = "ingress-clinic-a",
            [EdgeAgentSettingNames.EdgeQueue] = "edge-clinic-a",
            [EdgeAgentSettingNames.DicomContainer] = "dicom-clinic-a",
            [EdgeAgentSettingNames.ClaimCheckContainer] = "claims-clinic-a",
            [EdgeAgentSettingNames.ApiBaseUri] = "https://clinic-api.azurewebsites.net",
            [EdgeAgentSettingNames.ApiAudience] = "api://0b9c7f5e-1111-2222-3333-444455556666",
            [EdgeAgentSettingNames.EntraTenantId] = "7d3c1f5e-aaaa-bbbb-cccc-ddddeeeeffff",
            [EdgeAgentSettingNames.ClientId] = "5a1c0e9d-9999-8888-7777-666655554444",
            ["EdgeAgent__DataFolder"] = "/var/lib/cloudrispacs-edge",
            ["EdgeAgent__Dicom__AllowAnyCallingAeTitle"] = "true",
        };
        Assert.All(EdgeAgentSettingNames.OnboardingOutputs, name => Assert.True(environment.ContainsKey(name), name));
        var (options, problems) = Read(environment.ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal), p => p.Value));
        Assert.True(problems.Count == 0, string.Join("; ", problems));
        var site = EdgeSite.From(options!);
        Assert.Equal("ingress-clinic-a", site.Ingress.Name);
        Assert.Equal("dicom-clinic-a", site.DicomContainer);
        Assert.Equal("5a1c0e9d-9999-8888-7777-666655554444", options!.Cloud.Credential.ClientId);
    }

    [Fact]
    public void Every_shared_setting_name_is_a_setting_the_agent_reads()
    {
        var names = typeof(EdgeAgentSettingNames).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.Contains(EdgeAgentSettingNames.ApiKey, names);
        var (_, problems) = Read(names.ToDictionary(n => n.Replace("__", ":", StringComparison.Ordinal), _ => (string?)null));
        Assert.DoesNotContain(problems, p => p.Contains("is not a known setting", StringComparison.Ordinal));
    }

    [Fact]
    public void Local_mode_needs_the_azurite_connection_string_and_an_api_key_with_the_api()
    {
        var (_, problems) = Read(new()
        {
            ["EdgeAgent:TenantId"] = "clinic-a",
            ["EdgeAgent:SiteId"] = "local",
            ["EdgeAgent:DataFolder"] = "/tmp/x",
            ["EdgeAgent:Cloud:Mode"] = "StorageQueues",
            ["EdgeAgent:Cloud:ServiceBusNamespace"] = "clinic-bus.servicebus.windows.net",
            ["EdgeAgent:Cloud:ApiBaseUri"] = "http://127.0.0.1:7071",
            ["EdgeAgent:Cloud:ClaimCheckContainer"] = "claims-other",
            ["EdgeAgent:Dicom:AllowAnyCallingAeTitle"] = "true",
        });
        Assert.Contains(problems, p => p.Contains("StorageConnectionString is required in StorageQueues mode", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("ServiceBusNamespace is for ServiceBus mode", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("ApiKey is required in StorageQueues mode", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("ClaimCheckContainer 'claims-other' must be 'claims-clinic-a'", StringComparison.Ordinal));
        Assert.Equal(4, problems.Count);
    }

    [Fact]
    public void Modality_ports_and_the_commitment_report_retries_are_checked_with_what_they_are_for()
    {
        var (_, problems) = Read(new()
        {
            ["EdgeAgent:TenantId"] = "clinic-a",
            ["EdgeAgent:SiteId"] = "local",
            ["EdgeAgent:DataFolder"] = "/tmp/x",
            ["EdgeAgent:Cloud:Mode"] = "StorageQueues",
            ["EdgeAgent:Cloud:StorageConnectionString"] = AzuriteLike,
            ["EdgeAgent:Dicom:Modalities:0:AeTitle"] = "CT_ROOM1",
            ["EdgeAgent:Dicom:Modalities:0:Host"] = "10.20.2.11",
            ["EdgeAgent:Dicom:Modalities:0:Port"] = "0",
            ["EdgeAgent:Dicom:CommitmentReportMaxAttempts"] = "0",
            ["EdgeAgent:Dicom:CommitmentReportRetryDelay"] = "00:05:00",
            ["EdgeAgent:Dicom:CommitmentReportMaxRetryDelay"] = "00:01:00",
        });
        Assert.Contains(problems, p => p.StartsWith(
            "EdgeAgent:Dicom:Modalities:0:Port must be 1 to 65535 (it is 0): the port CT_ROOM1 listens on, where the agent sends the echo of `check` and storage commitment reports",
            StringComparison.Ordinal));
        Assert.Contains("EdgeAgent:Dicom:CommitmentReportMaxAttempts must be at least 1 (it is 0).", problems);
        Assert.Contains("EdgeAgent:Dicom:CommitmentReportRetryDelay must be positive and not above EdgeAgent:Dicom:CommitmentReportMaxRetryDelay.", problems);
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void Dicom_users_with_a_bad_hash_a_duplicate_name_or_no_way_to_sign_in_are_listed_at_start()
    {
        var good = DicomPasscodeHash.Create("passcode", DicomPasscodeHash.MinimumIterations);
        var settings = LocalModeWithAnyModality();
        settings["EdgeAgent:Dicom:Users:0:Username"] = "ct-room1";
        settings["EdgeAgent:Dicom:Users:0:PasscodeHash"] = good;
        settings["EdgeAgent:Dicom:Users:1:Username"] = "ct-room1";
        settings["EdgeAgent:Dicom:Users:1:PasscodeHash"] = good;
        settings["EdgeAgent:Dicom:Users:2:Username"] = "us-room3";
        settings["EdgeAgent:Dicom:Users:2:PasscodeHash"] = "my clear passcode";
        settings["EdgeAgent:Dicom:Users:3:Username"] = "mr-room2";
        settings["EdgeAgent:Dicom:Users:3:PasscodeHash"] = "pbkdf2-sha256$500$c2FsdHNhbHQ=$8AsC4H/147lFlEEMCnL1JMziEIWaSGvXLB7jM4MIJaM=";
        settings["EdgeAgent:Dicom:Users:4:Username"] = "scanner";
        settings["EdgeAgent:Dicom:Users:5:Username"] = "reader";
        settings["EdgeAgent:Dicom:Users:5:AllowUsernameOnly"] = "true";
        settings["EdgeAgent:Dicom:Users:5:CallingAeTitles:0"] = "FAR_TOO_LONG_AE_TITLE";
        settings["EdgeAgent:Dicom:Users:6:Username"] = "badge";
        settings["EdgeAgent:Dicom:Users:6:AllowUsernameOnly"] = "true";

        var (options, problems) = Read(settings);

        Assert.Null(options);
        Assert.Equal(
        [
            "EdgeAgent:Dicom:Users:1:Username 'ct-room1' is listed twice.",
            "EdgeAgent:Dicom:Users:2:PasscodeHash is not a passcode hash of the form pbkdf2-sha256$ITERATIONS$SALT$HASH (create one with `cloudrispacs-edge hash-passcode`).",
            "EdgeAgent:Dicom:Users:3:PasscodeHash has the iteration count '500'; it must be a whole number from 10000 to 10000000.",
            "EdgeAgent:Dicom:Users:4 has neither a PasscodeHash nor AllowUsernameOnly: give the hash `cloudrispacs-edge hash-passcode` prints, or set AllowUsernameOnly to accept the username alone.",
            "EdgeAgent:Dicom:Users:5:CallingAeTitles: 'FAR_TOO_LONG_AE_TITLE' is not a valid AE title.",
        ], problems);
        Assert.DoesNotContain(problems, p => p.Contains("my clear passcode", StringComparison.Ordinal));
    }

    [Fact]
    public void Requiring_a_user_identity_without_users_is_a_problem_and_users_reach_the_dicom_server()
    {
        var settings = LocalModeWithAnyModality();
        settings["EdgeAgent:Dicom:RequireUserIdentity"] = "true";
        var (_, problems) = Read(settings);
        Assert.Equal(
        [
            "EdgeAgent:Dicom:RequireUserIdentity is set but EdgeAgent:Dicom:Users is empty, so no modality could associate: list the users " +
            "(with the hash `cloudrispacs-edge hash-passcode` prints), or leave RequireUserIdentity off.",
        ], problems);

        settings["EdgeAgent:Dicom:Users:0:Username"] = "badge";
        settings["EdgeAgent:Dicom:Users:0:AllowUsernameOnly"] = "true";
        var (options, fixedProblems) = Read(settings);
        Assert.Empty(fixedProblems);
        var server = DicomListenerService.ServerOptions(options!.Dicom, new ModalityGate(options.Dicom, NullLogger<ModalityGate>.Instance));
        Assert.IsType<ConfiguredUsers>(server.UserIdentityValidator);
        Assert.True(server.RequireUserIdentity);
        Assert.Empty(server.Validate());

        var (plain, _) = Read(LocalModeWithAnyModality());
        Assert.Null(DicomListenerService.ServerOptions(plain!.Dicom, new ModalityGate(plain.Dicom, NullLogger<ModalityGate>.Instance)).UserIdentityValidator);
    }

    [Fact]
    public void Tls_settings_that_cannot_work_are_problems_with_their_paths_and_a_modality_marked_usetls_needs_them()
    {
        var missingCertificate = Path.Combine(Path.GetTempPath(), "no-such-edge-certificate.pem");
        var notPem = Path.GetTempFileName();
        try
        {
            File.WriteAllText(notPem, "not a certificate");
            var settings = LocalModeWithAnyModality();
            settings["EdgeAgent:Dicom:Tls:CertificatePath"] = missingCertificate;
            settings["EdgeAgent:Dicom:Tls:TrustedAuthoritiesPath"] = notPem;
            var (options, problems) = Read(settings);
            Assert.Null(options);
            Assert.Equal(2, problems.Count);
            Assert.Equal($"EdgeAgent:Dicom:Tls: the certificate file '{missingCertificate}' does not exist.", problems[0]);
            Assert.StartsWith($"EdgeAgent:Dicom:Tls:TrustedAuthoritiesPath '{notPem}' is not a PEM certificate bundle", problems[1], StringComparison.Ordinal);

            var usesTls = LocalModeWithAnyModality();
            usesTls["EdgeAgent:Dicom:Modalities:0:AeTitle"] = "CT_ROOM1";
            usesTls["EdgeAgent:Dicom:Modalities:0:UseTls"] = "true";
            Assert.Equal(
                ["Modality CT_ROOM1 has UseTls but EdgeAgent:Dicom:Tls is not configured: the agent needs a certificate to open TLS associations."],
                Read(usesTls).Problems);
        }
        finally
        {
            File.Delete(notPem);
        }
    }

    [Fact]
    public void Hl7_tls_settings_that_cannot_work_are_problems_with_their_paths()
    {
        var missingCertificate = Path.Combine(Path.GetTempPath(), "no-such-mllp-certificate.pem");
        var missingAuthorities = Path.Combine(Path.GetTempPath(), "no-such-ris-ca.pem");
        var settings = LocalModeWithAnyModality();
        settings["EdgeAgent:Mllp:Tls:CertificatePath"] = missingCertificate;
        settings["EdgeAgent:Ris:Host"] = "ris.example.org";
        settings["EdgeAgent:Ris:UseTls"] = "true";
        settings["EdgeAgent:Ris:TrustedAuthoritiesPath"] = missingAuthorities;
        Assert.Equal(
        [
            $"EdgeAgent:Mllp:Tls: the certificate file '{missingCertificate}' does not exist.",
            $"EdgeAgent:Ris:TrustedAuthoritiesPath '{missingAuthorities}' does not exist.",
        ], Read(settings).Problems);

        var authoritiesWithoutTls = LocalModeWithAnyModality();
        authoritiesWithoutTls["EdgeAgent:Ris:TrustedAuthoritiesPath"] = missingAuthorities;
        Assert.Equal(
            ["EdgeAgent:Ris:TrustedAuthoritiesPath is set but EdgeAgent:Ris:UseTls is not: set UseTls to talk TLS to the RIS."],
            Read(authoritiesWithoutTls).Problems);
    }

    [Fact]
    public void Ris_UnavailableCodes_from_the_configuration_replace_the_default()
    {
        Assert.Equal(["AR", "CR"], Ris(new()).EffectiveUnavailableCodes);

        // Before, the binder appended to the default: ["AR"] gave AR, CR, AR and CR could not be taken out.
        Assert.Equal(["CR"], Ris(new() { ["EdgeAgent:Ris:UnavailableCodes:0"] = "CR" }).EffectiveUnavailableCodes);

        // A JSON file cannot express an empty list ([] binds to nothing): "none" is the way to say it.
        var file = Path.Combine(Path.GetTempPath(), $"edge-ris-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "EdgeAgent": { "Ris": { "Host": "ris.example", "UnavailableCodes": [ "none" ] } } }""");
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(LocalModeWithAnyModality()).AddJsonFile(file).Build();
            var (options, problems) = EdgeAgentConfiguration.Read(configuration);
            Assert.Empty(problems);
            Assert.Empty(options!.Ris.EffectiveUnavailableCodes);
        }
        finally
        {
            File.Delete(file);
        }

        var (_, wrong) = Read(new(LocalModeWithAnyModality()) { ["EdgeAgent:Ris:Host"] = "ris.example", ["EdgeAgent:Ris:UnavailableCodes:0"] = "AA" });
        Assert.Contains(wrong, p => p.Contains("EdgeAgent:Ris:UnavailableCodes", StringComparison.Ordinal) && p.Contains("[AA]", StringComparison.Ordinal));
    }

    private static RisEndpointOptions Ris(Dictionary<string, string?> ris)
    {
        var values = new Dictionary<string, string?>(LocalModeWithAnyModality()) { ["EdgeAgent:Ris:Host"] = "ris.example" };
        foreach (var (key, value) in ris)
        {
            values[key] = value;
        }

        var (options, problems) = Read(values);
        Assert.Empty(problems);
        return options!.Ris;
    }

    private static Dictionary<string, string?> LocalModeWithAnyModality() => new()
    {
        ["EdgeAgent:TenantId"] = "clinic-a",
        ["EdgeAgent:SiteId"] = "local",
        ["EdgeAgent:DataFolder"] = "/tmp/x",
        ["EdgeAgent:Cloud:Mode"] = "StorageQueues",
        ["EdgeAgent:Cloud:StorageConnectionString"] = AzuriteLike,
        ["EdgeAgent:Dicom:AllowAnyCallingAeTitle"] = "true",
    };

    private const string AzuriteLike = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;";

    private static (EdgeAgentOptions? Options, IReadOnlyList<string> Problems) Read(Dictionary<string, string?> values) =>
        EdgeAgentConfiguration.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
}
