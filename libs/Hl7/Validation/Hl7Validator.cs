using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Segments;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Hl7.Validation;

/// <summary>
/// Checks a parsed message against what this system relies on and lists every problem with its location: the
/// required MSH fields, message type/trigger/structure, version and processing id, the required segments and their
/// order for each supported message, and the key fields of those segments.
/// </summary>
public static class Hl7Validator
{
    private static readonly Dictionary<string, string> StructureOfType = new(StringComparer.Ordinal)
    {
        ["ADT^A01"] = "ADT_A01",
        ["ADT^A04"] = "ADT_A01",
        ["ADT^A08"] = "ADT_A01",
        ["ADT^A31"] = "ADT_A05",
        ["ADT^A40"] = "ADT_A39",
        ["ADT^A34"] = "ADT_A30",
        ["ADT^A18"] = "ADT_A18",
        ["ADT^A47"] = "ADT_A30",
        ["ORM^O01"] = "ORM_O01",
        ["OMI^O23"] = "OMI_O23",
        ["ORU^R01"] = "ORU_R01",
    };

    private static readonly string[] AcknowledgmentTypes = ["AL", "NE", "ER", "SU"];
    private static readonly string[] Sexes = ["F", "M", "O", "U", "A", "N", "X"];
    private static readonly string[] AckCodes = ["AA", "AE", "AR", "CA", "CE", "CR"];

    public static Hl7ValidationResult Validate(Hl7Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var issues = new List<Hl7ValidationIssue>();
        var type = ValidateHeader(message, issues);
        if (type is not null)
        {
            ValidateStructure(message, type, issues);
        }

        ValidateSegments(message, issues);
        return new Hl7ValidationResult(issues);
    }

    private static string? ValidateHeader(Hl7Message message, List<Hl7ValidationIssue> issues)
    {
        var header = message.Header;
        var msh = new MshSegment(header);
        var at = new Hl7Location("MSH", 1);
        var version = msh.VersionId;
        if (version.Length == 0)
        {
            issues.Add(new(Hl7ErrorCode.RequiredFieldMissing, at.WithField(12), "MSH-12 (version id) is required."));
        }
        else if (!Hl7Versions.IsSupported(version))
        {
            issues.Add(new(Hl7ErrorCode.UnsupportedVersionId, at.WithField(12),
                $"Version '{version}' is not supported (2.3 to 2.8)."));
        }

        var sent = header.GetValue(7);
        if (sent.Length == 0 && Hl7Versions.AtLeast(version, 2, 4))
        {
            issues.Add(new(Hl7ErrorCode.RequiredFieldMissing, at.WithField(7), "MSH-7 (date/time of message) is required."));
        }
        else if (sent.Length > 0 && !Hl7DateTime.TryParse(sent, out _))
        {
            issues.Add(new(Hl7ErrorCode.DataTypeError, at.WithField(7).WithComponent(1), $"MSH-7 '{sent}' is not an HL7 date/time."));
        }

        if (msh.MessageControlId.Length == 0)
        {
            issues.Add(new(Hl7ErrorCode.RequiredFieldMissing, at.WithField(10), "MSH-10 (message control id) is required."));
        }

        var processing = msh.ProcessingId;
        if (processing.Length == 0)
        {
            issues.Add(new(Hl7ErrorCode.RequiredFieldMissing, at.WithField(11), "MSH-11 (processing id) is required."));
        }
        else if (processing is not ("P" or "D" or "T"))
        {
            issues.Add(new(Hl7ErrorCode.UnsupportedProcessingId, at.WithField(11).WithComponent(1),
                $"Processing id '{processing}' is not P, D or T."));
        }

        foreach (var field in new[] { 15, 16 })
        {
            var value = header.GetValue(field);
            if (value.Length > 0 && !AcknowledgmentTypes.Contains(value))
            {
                issues.Add(new(Hl7ErrorCode.TableValueNotFound, at.WithField(field),
                    $"MSH-{field} '{value}' is not an acknowledgment type (AL, NE, ER, SU)."));
            }
        }

        var messageType = msh.MessageType;
        if (messageType is null || messageType.MessageCode.Length == 0)
        {
            issues.Add(new(Hl7ErrorCode.RequiredFieldMissing, at.WithField(9).WithComponent(1), "MSH-9 (message type) is required."));
            return null;
        }

        if (messageType.MessageCode == "ACK")
        {
            return "ACK";
        }

        if (messageType.TriggerEvent.Length == 0)
        {
            issues.Add(new(Hl7ErrorCode.RequiredFieldMissing, at.WithField(9).WithComponent(2), "MSH-9.2 (trigger event) is required."));
            return null;
        }

        var key = $"{messageType.MessageCode}^{messageType.TriggerEvent}";
        if (!StructureOfType.TryGetValue(key, out var structure))
        {
            var codeKnown = StructureOfType.Keys.Any(k => k.StartsWith(messageType.MessageCode + "^", StringComparison.Ordinal));
            issues.Add(codeKnown
                ? new(Hl7ErrorCode.UnsupportedEventCode, at.WithField(9).WithComponent(2), $"Event {key} is not supported.")
                : new(Hl7ErrorCode.UnsupportedMessageType, at.WithField(9).WithComponent(1), $"Message type {messageType.MessageCode} is not supported."));
            return null;
        }

        // v2.3.1 receivers of A04/A08 often see ADT_A04/ADT_A08; only a structure for another message type is wrong.
        var declared = messageType.MessageStructure;
        if (declared.Length > 0 && declared != structure && !declared.StartsWith(messageType.MessageCode + "_", StringComparison.Ordinal))
        {
            issues.Add(new(Hl7ErrorCode.UnsupportedMessageType, at.WithField(9).WithComponent(3),
                $"Message structure '{declared}' does not fit {key} (expected {structure})."));
        }

        return key;
    }

    private static void ValidateStructure(Hl7Message message, string type, List<Hl7ValidationIssue> issues)
    {
        string[] required = type switch
        {
            "ADT^A40" or "ADT^A34" or "ADT^A18" or "ADT^A47" => ["EVN", "PID", "MRG"],
            "ORM^O01" => ["ORC"],
            "OMI^O23" => ["PID", "ORC", "OBR", "IPC"],
            "ORU^R01" => ["PID", "OBR"],
            "ACK" => ["MSA"],
            _ => ["EVN", "PID", "PV1"],
        };
        foreach (var id in required)
        {
            if (message.FindSegment(id) is null)
            {
                issues.Add(new(Hl7ErrorCode.SegmentSequenceError, new Hl7Location(id, 0), $"{type} requires a {id} segment."));
            }
        }

        if (type.StartsWith("ADT", StringComparison.Ordinal) && message.Segments.Count > 1 && message.Segments[1].Id != "EVN")
        {
            issues.Add(new(Hl7ErrorCode.SegmentSequenceError, new Hl7Location(message.Segments[1].Id, 2),
                "EVN must follow MSH in an ADT message."));
        }

        if (type is "ORM^O01" or "OMI^O23" or "ORU^R01")
        {
            ValidateOrderSequence(message, type, issues);
        }
    }

    private static void ValidateOrderSequence(Hl7Message message, string type, List<Hl7ValidationIssue> issues)
    {
        string? previous = null;
        for (var i = 1; i < message.Segments.Count; i++)
        {
            var id = message.Segments[i].Id;
            var at = new Hl7Location(id, i + 1);
            if (id == "OBR" && type != "ORU^R01" && previous is not ("ORC" or "TQ1" or "TQ2"))
            {
                issues.Add(new(Hl7ErrorCode.SegmentSequenceError, at, $"OBR must follow its ORC in {type}."));
            }
            else if (id == "OBX" && previous is not ("OBR" or "OBX" or "NTE" or "ZDS" or "TQ1" or "CTD"))
            {
                issues.Add(new(Hl7ErrorCode.SegmentSequenceError, at, "OBX must follow an OBR, OBX or NTE."));
            }
            else if (id == "IPC" && previous is not ("OBR" or "IPC" or "NTE" or "TQ1"))
            {
                issues.Add(new(Hl7ErrorCode.SegmentSequenceError, at, "IPC must follow its OBR."));
            }
            else if (id is "PID" && i > 1 && previous is "ORC" or "OBR" or "OBX")
            {
                issues.Add(new(Hl7ErrorCode.SegmentSequenceError, at, "PID must come before the orders."));
            }

            previous = id;
        }
    }

    private static void ValidateSegments(Hl7Message message, List<Hl7ValidationIssue> issues)
    {
        for (var i = 1; i < message.Segments.Count; i++)
        {
            var segment = message.Segments[i];
            var at = new Hl7Location(segment.Id, i + 1);
            void Require(int field, string name)
            {
                if (segment.GetField(field).IsEmpty)
                {
                    issues.Add(new(Hl7ErrorCode.RequiredFieldMissing, at.WithField(field), $"{segment.Id}-{field} ({name}) is required."));
                }
            }

            void Date(int field, int component = 1)
            {
                var value = segment.GetValue(field, component);
                if (value.Length > 0 && value != "\"\"" && !Hl7DateTime.TryParse(value, out _))
                {
                    issues.Add(new(Hl7ErrorCode.DataTypeError, at.WithField(field).WithComponent(component),
                        $"{segment.Id}-{field} '{value}' is not an HL7 date/time."));
                }
            }

            switch (segment.Id)
            {
                case "EVN":
                    Date(2);
                    break;
                case "PID":
                    Require(3, "patient identifier list");
                    Require(5, "patient name");
                    Date(7);
                    var sex = segment.GetValue(8);
                    if (sex.Length > 0 && !Sexes.Contains(sex))
                    {
                        issues.Add(new(Hl7ErrorCode.TableValueNotFound, at.WithField(8), $"PID-8 '{sex}' is not in table 0001."));
                    }

                    break;
                case "MRG":
                    Require(1, "prior patient identifier list");
                    break;
                case "ORC":
                    Require(1, "order control");
                    Date(9);
                    break;
                case "OBR":
                    Require(4, "universal service identifier");
                    Date(6);
                    Date(7);
                    Date(36);
                    break;
                case "OBX":
                    Require(3, "observation identifier");
                    Require(11, "observation result status");
                    if (!segment.GetField(5).IsEmpty)
                    {
                        Require(2, "value type");
                    }

                    Date(14);
                    break;
                case "MSA":
                    Require(2, "message control id");
                    var code = segment.GetValue(1);
                    if (!AckCodes.Contains(code))
                    {
                        issues.Add(new(Hl7ErrorCode.TableValueNotFound, at.WithField(1), $"MSA-1 '{code}' is not in table 0008."));
                    }

                    break;
                case "ZDS":
                    Require(1, "study instance UID");
                    break;
            }
        }
    }
}
