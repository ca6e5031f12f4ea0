using CloudRisPacs.Core.Messaging.Contracts;
using CloudRisPacs.Core.Patients;
using CloudRisPacs.Core.Pipeline;
using CloudRisPacs.Hl7.Er7;
using CloudRisPacs.Hl7.Messages;
using CloudRisPacs.Hl7.Segments;
using CloudRisPacs.Hl7.Types;

namespace CloudRisPacs.Core.Orders;

/// <summary>
/// Reads ORM^O01 and OMI^O23 through a tenant's <see cref="TenantPolicy"/>: the patient from PID, and per ORC/OBR
/// group the action (status table), the IHE fields (field map) and one step per IPC segment (OMI) or one per group.
/// Throws <see cref="Hl7RejectionException"/> naming the group and the problem.
/// </summary>
public static class OrderMessageReader
{
    public static OrderMessage Read(Hl7Message message, TenantPolicy policy, DateTimeOffset arrivedAt)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(policy);
        var msh = new MshSegment(message.Header);
        var type = msh.MessageType;
        IReadOnlyList<Hl7OrderGroup> groups;
        Hl7PatientGroup patientGroup;
        if (!((type?.MessageCode == "ORM" && type.TriggerEvent == "O01") || (type?.MessageCode == "OMI" && type.TriggerEvent == "O23")))
        {
            throw new Hl7RejectionException($"Message type '{type}' is not an order message (ORM^O01 or OMI^O23).", "200");
        }

        if (type.MessageCode == "OMI")
        {
            var omi = new OmiO23Message(message);
            groups = omi.Orders;
            patientGroup = omi.Patient;
        }
        else
        {
            var orm = new OrmO01Message(message);
            groups = orm.Orders;
            patientGroup = orm.Patient;
        }

        var pid = patientGroup.Pid ?? throw new Hl7RejectionException("The order message has no PID segment: the patient is unknown.", "100");
        var identity = Hl7PatientReader.Identity(pid.PatientIdentifiers, policy.PatientIdAuthority)
            ?? throw new Hl7RejectionException(policy.PatientIdAuthority is null
                ? "PID-3 holds no patient identifier."
                : $"PID-3 holds no identifier of assigning authority '{policy.PatientIdAuthority}'.", "101");
        if (groups.Count == 0)
        {
            throw new Hl7RejectionException("The order message has no ORC segment.", "100");
        }

        var messageTime = msh.DateTimeOfMessage;
        var requests = new List<OrderRequest>(groups.Count);
        for (var index = 0; index < groups.Count; index++)
        {
            requests.Add(DicomIdentifierCheck.Checked(ReadGroup(message, patientGroup, groups[index], index + 1, policy, messageTime, arrivedAt), policy.FieldMap, index + 1));
        }

        var duplicate = requests.GroupBy(r => r.OrderKey, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new Hl7RejectionException($"Two ORC/OBR groups name the same requested procedure (accession '{duplicate.First().AccessionNumber}', " +
                $"requested procedure id '{duplicate.First().RequestedProcedureId}').", "207", duplicate.First().AccessionNumber);
        }

        return new OrderMessage(identity, Hl7PatientReader.Demographics(pid),
            VersionStamp.For(null, messageTime, arrivedAt, policy.Clock), requests);
    }

    private static OrderRequest ReadGroup(Hl7Message message, Hl7PatientGroup patient, Hl7OrderGroup group, int number, TenantPolicy policy,
        Hl7DateTime? messageTime, DateTimeOffset arrivedAt)
    {
        var orc = group.Orc ?? throw new Hl7RejectionException($"Order group {number} has no ORC segment.", "100");
        var control = orc.OrderControl.Trim().ToUpperInvariant();
        var status = orc.OrderStatus.Trim().ToUpperInvariant();
        var rule = policy.StatusTable.Find(control, status)
            ?? throw new Hl7RejectionException(
                $"Order group {number}: no status mapping for ORC-1 order control '{control}' with ORC-5 order status '{status}' " +
                "in the order status table; the message was not applied.", "207");

        var map = policy.FieldMap;
        var reader = new Hl7FieldReader(message, patient, group);
        var accession = reader.Text(map.AccessionNumber)
            ?? throw new Hl7RejectionException($"Order group {number}: no accession number at {string.Join(", ", map.AccessionNumber)}.", "101");
        var requestedProcedureId = reader.Text(map.RequestedProcedureId);
        var procedureCode = reader.Coded(map.RequestedProcedureCode);
        var start = reader.DateTime(map.ScheduledStart) ?? messageTime;
        var placerOrder = orc.PlacerOrderNumber ?? group.Obr?.PlacerOrderNumber;
        var fillerOrder = orc.FillerOrderNumber ?? group.Obr?.FillerOrderNumber;
        var placer = placerOrder?.EntityId;
        var filler = fillerOrder?.EntityId;
        var priority = Hl7FieldReader.Priority(reader.Text(map.Priority));

        var steps = new List<StepRequest>();
        var stepCount = Math.Max(1, group.ImagingControls.Count);
        for (var i = 0; i < stepCount; i++)
        {
            var stepReader = new Hl7FieldReader(message, patient, group, i);
            var modality = stepReader.Text(map.Modality);
            var needsStep = rule.Action is StepAction.Schedule or StepAction.Update;
            if (modality is null && needsStep)
            {
                throw new Hl7RejectionException($"Order group {number} (accession '{accession}'): no modality at {string.Join(", ", map.Modality)}.", "101", accession);
            }

            var protocol = stepReader.Coded(map.ScheduledProtocolCode);
            steps.Add(new StepRequest
            {
                StepId = stepReader.Text(map.ScheduledProcedureStepId) ?? requestedProcedureId ?? (stepCount == 1 ? "1" : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Modality = (modality ?? string.Empty).ToUpperInvariant(),
                Description = protocol?.Text is { Length: > 0 } text ? text : procedureCode?.Text,
                ProtocolCodes = Codes(protocol),
                StationAeTitle = stepReader.Text(map.ScheduledStationAeTitle),
                StationName = stepReader.Text(map.ScheduledStationName),
                PerformingPhysicianName = Hl7PatientReader.PersonName(stepReader.Provider(map.ScheduledPerformingPhysician)) is { Length: > 0 } performer ? performer : null,
                StartDate = start is { } s ? Hl7FieldReader.Date(s) : policy.Clock.ToLocal(arrivedAt).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture),
                StartTime = start is { } t && t.Precision >= Hl7DateTimePrecision.Minute ? Hl7FieldReader.Time(t) : null,
            });
        }

        var studyUid = reader.Text(map.StudyInstanceUid);
        if (studyUid is not null && !Dicom.DicomUid.IsValid(studyUid))
        {
            throw new Hl7RejectionException($"Order group {number} (accession '{accession}'): '{studyUid}' is not a valid Study Instance UID.", "102", accession);
        }

        return new OrderRequest
        {
            Rule = rule,
            OrderControl = control,
            OrderStatus = status,
            AccessionNumber = accession,
            RequestedProcedureId = requestedProcedureId,
            PlacerOrderNumber = placer,
            FillerOrderNumber = filler,
            PlacerOrder = placerOrder,
            FillerOrder = fillerOrder,
            UniversalServiceId = group.Obr?.UniversalServiceId is { Identifier.Length: > 0 } service ? service : null,
            StudyInstanceUid = studyUid,
            RequestedProcedureDescription = procedureCode?.Text is { Length: > 0 } description ? description : null,
            RequestedProcedureCodes = Codes(procedureCode),
            ReferringPhysicianName = Hl7PatientReader.PersonName(reader.Provider(map.ReferringPhysician)) is { Length: > 0 } referring ? referring : null,
            Priority = priority,
            Version = VersionStamp.For(orc.TransactionDateTime, messageTime, arrivedAt, policy.Clock),
            ScheduledStart = start is { } scheduled ? policy.Clock.Read(scheduled) : null,
            Steps = steps,
        };
    }

    private static IReadOnlyList<DicomCode> Codes(Hl7CodedElement? code) =>
        code is null || code.Identifier.Length == 0 ? [] : [new DicomCode(code.Identifier, code.CodingSystem, code.Text)];
}
