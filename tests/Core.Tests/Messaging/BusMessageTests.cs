using System.Diagnostics;
using CloudRisPacs.Core.Messaging;
using CloudRisPacs.Core.Tenancy;

namespace CloudRisPacs.Core.Tests.Messaging;

public sealed class BusMessageTests
{
    private static BusMessage Valid() => new()
    {
        MessageId = "MSG0001",
        Kind = BusMessageKinds.Hl7Received,
        SessionKey = BusSessionKey.For(TenantId.Parse("clinic-a"), "PAT1^^^HOSP"),
        Body = new byte[] { 1, 2, 3 },
        Properties = new Dictionary<string, string> { ["mllp.peer"] = "10.0.0.5" },
    };

    [Fact]
    public void Equality_compares_body_bytes_and_properties_by_value()
    {
        var a = Valid();
        var b = Valid() with { CreatedAt = a.CreatedAt };

        Assert.Equal(a, b);
        Assert.NotEqual(a, b with { Body = new byte[] { 1, 2, 4 } });
        Assert.NotEqual(a, b with { Properties = new Dictionary<string, string> { ["mllp.peer"] = "10.0.0.6" } });
    }

    [Fact]
    public void Properties_are_copied_so_later_changes_to_the_source_do_not_leak_in()
    {
        var source = new Dictionary<string, string> { ["a"] = "1" };
        var message = Valid() with { Properties = source };

        source["a"] = "2";

        Assert.Equal("1", message.Properties["a"]);
    }

    [Theory]
    [InlineData("Kind", "must be lower-case")]
    [InlineData("ReservedProperty", "reserved")]
    [InlineData("LongId", "1 to 128 characters")]
    [InlineData("ControlCharacter", "control characters")]
    [InlineData("TooManyProperties", "at most 32")]
    public void Validation_names_the_broken_rule(string breakage, string expected)
    {
        var message = breakage switch
        {
            "Kind" => Valid() with { Kind = "HL7 Received" },
            "ReservedProperty" => Valid() with { Properties = new Dictionary<string, string> { ["traceparent"] = "x" } },
            "LongId" => Valid() with { MessageId = new string('x', 129) },
            "ControlCharacter" => Valid() with { CorrelationId = "a\rb" },
            _ => Valid() with { Properties = Enumerable.Range(0, 33).ToDictionary(i => $"p{i}", i => "v") },
        };

        var error = Assert.Throws<ArgumentException>(message.Validate);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Current_w3c_activity_becomes_the_trace_context()
    {
        using var source = new ActivitySource("CloudRisPacs.Tests.BusMessage");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var activity = source.StartActivity("receive")!;
        activity.TraceStateString = "vendor=1";

        var message = Valid().WithCurrentTraceContext();

        Assert.Equal(activity.Id, message.TraceParent);
        Assert.Equal("vendor=1", message.TraceState);
        Assert.True(BusMessageRules.IsValidTraceParent(message.TraceParent));
    }

    [Fact]
    public void Every_well_known_kind_is_a_valid_kind()
    {
        Assert.Equal(12, BusMessageKinds.All.Count);
        Assert.All(BusMessageKinds.All, kind => (Valid() with { Kind = kind }).Validate());
        Assert.True(BusMessageKinds.IsWellKnown("hl7.outcome"));
        Assert.False(BusMessageKinds.IsWellKnown("hl7.unknown"));
    }

    [Fact]
    public void Session_keys_combine_tenant_and_patient_and_stay_within_the_limit()
    {
        var tenant = TenantId.Parse("clinic-a");

        Assert.Equal("clinic-a/PAT1", BusSessionKey.For(tenant, "PAT1"));
        var longKey = BusSessionKey.For(tenant, new string('9', 500));
        Assert.StartsWith("clinic-a/sha256:", longKey, StringComparison.Ordinal);
        Assert.InRange(longKey.Length, 1, BusMessageRules.MaxIdLength);
        Assert.Equal(longKey, BusSessionKey.For(tenant, new string('9', 500)));
        Assert.NotEqual(longKey, BusSessionKey.For(tenant, new string('8', 500)));
        Assert.Equal("clinic-a/-", BusSessionKey.ForTenant(tenant));
    }

    [Fact]
    public void Delivery_compares_the_claimed_tenant_with_the_channel()
    {
        var delivery = new BusDelivery(BusChannel.Ingress(TenantId.Parse("clinic-a")), 1, "q-1", null);

        Assert.Equal(TenantClaimStatus.NotClaimed, delivery.CheckClaimedTenant(Valid()));
        Assert.Equal(TenantClaimStatus.Matches, delivery.CheckClaimedTenant(Valid() with { ClaimedTenant = "clinic-a" }));
        Assert.Equal(TenantClaimStatus.Mismatch, delivery.CheckClaimedTenant(Valid() with { ClaimedTenant = "clinic-b" }));
        Assert.Equal("ingress-clinic-a", delivery.Channel.Name);
    }
}
