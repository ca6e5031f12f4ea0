#!/usr/bin/env bash
# The demo scenario against a running department, with the real tools only: python-hl7's mllp_send, DCMTK's findscu
# and storescu, dcmjs-dimse (MPPS and storage commitment, which DCMTK has no tool for), pydicom (to make the images),
# curl against the cloud API, the demo RIS's log. Each step prints what it proves. Usage: scripts/demo/demo.sh ENDPOINTS_FILE   (./run.sh demo passes .data/run/endpoints.env)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck disable=SC1090
source "$1"
# shellcheck disable=SC1090
source "$CLOUDRISPACS_API_KEYS"
source "$here/lib.sh"

run="$(date +%s)"
accession="DEMO$run"
patient="DP$run"
name="DOE^JANE"
work="$(mktemp -d "${TMPDIR:-/tmp}/cloudrispacs-demo.XXXXXX")"
trap 'rm -rf "$work"' EXIT
now="$(date +%Y%m%d%H%M%S)"

step 1 "ADT^A04 registers patient $patient ($name) at the edge over MLLP (mllp_send)"
cat >"$work/adt.hl7" <<HL7
MSH|^~\&|DEMO_RIS|DEMO_CLINIC|CLOUDRISPACS|CLOUD|$now||ADT^A04|ADT$run|P|2.3.1
EVN|A04|$now
PID|1||$patient^^^DEMO^MR||$name||19700101|F
PV1|1|O|RAD
HL7
send_hl7 "$work/adt.hl7"
proves "the edge stored the message durably (fsync) before it answered AA"

step 2 "ORM^O01 orders a CT chest, accession $accession"
cat >"$work/orm.hl7" <<HL7
MSH|^~\&|DEMO_RIS|DEMO_CLINIC|CLOUDRISPACS|CLOUD|$now||ORM^O01|ORM$run|P|2.3.1
PID|1||$patient^^^DEMO^MR||$name||19700101|F
PV1|1|O|RAD||||D1234^REFERRER^RITA
ORC|NW|PLC$run^RIS|FIL$run^RIS||SC||^^^$now^^R||$now
OBR|1|PLC$run^RIS|FIL$run^RIS|CTCHEST^CT Chest^L||||||||||||D1234^REFERRER||$accession|RP$run|SPS$run||||CT
HL7
send_hl7 "$work/orm.hl7"
proves "the order is acknowledged; it now travels edge → ingress queue → cloud pipeline → worklist → edge cache"

step 3 "the modality asks the edge for its worklist (findscu -W, Modality Worklist C-FIND)"
started=$(date +%s%N)
wait_for "the worklist item for $accession at the edge" 60 worklist_has "$accession" "$work/wl"
item="$(ls "$work/wl"/*.dcm | head -n 1)"
printf '   answered after %s ms:\n' $(( ($(date +%s%N) - started) / 1000000 ))
for tag in 0010,0010 0010,0020 0008,0050 0020,000d 0008,0060 0040,0002 0040,0009; do
  printf '     %s\n' "$(dcmdump +P "$tag" "$item" | head -n 1)"
done
study_uid="$(dicom_value "$item" 0020,000d)"
wl_name="$(dicom_value "$item" 0010,0010)"
proves "the cloud ingested the order, projected the worklist and pushed it to the edge, which answers C-FIND from its cache"

step 4 "the modality starts the examination (MPPS N-CREATE IN PROGRESS, dcmjs-dimse)"
mpps_class=1.2.840.10008.3.1.2.3.3
mpps_uid="2.25.$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')"
sps_id="$(dicom_value "$item" 0040,0009)"
started_at="$(date +%Y%m%d) $(date +%H%M%S)"
in_progress="$(jq -n --arg patient "$patient" --arg name "$wl_name" --arg study "$study_uid" --arg accession "$accession" \
  --arg sps "$sps_id" --arg date "${started_at% *}" --arg time "${started_at#* }" \
  '{PatientID: $patient, PatientName: $name, Modality: "CT", PerformedStationAETitle: "DEMO_CT", PerformedProcedureStepID: "PPS1",
    PerformedProcedureStepStatus: "IN PROGRESS", PerformedProcedureStepStartDate: $date, PerformedProcedureStepStartTime: $time,
    ScheduledStepAttributesSequence: [{StudyInstanceUID: $study, AccessionNumber: $accession, ScheduledProcedureStepID: $sps}]}')"
modality "$(modality_plan N-CREATE "$mpps_class" "$mpps_uid" "$in_progress")" | jq -c '.responses[] | {command, status}' | sed 's/^/   /'
wait_for "order $accession in progress in the cloud" 60 order_is "$accession" "IN PROGRESS"
echo "   order $accession: performed status IN PROGRESS"
proves "the edge kept the step durably before answering success; the cloud marked the order's step started"

step 5 "the modality sends 3 images (storescu) carrying the worklist's patient, accession and Study Instance UID"
/usr/bin/python3 "$here/make_images.py" "$work/images" 3 "$patient" "$wl_name" "$accession" "$study_uid" | sed 's/^/   /'
storescu -aet DEMO_CT -aec "$CLOUDRISPACS_DICOM_AE" "$CLOUDRISPACS_HOST" "$CLOUDRISPACS_DICOM_PORT" "$work"/images/*.dcm
echo "   storescu: 3 x C-STORE success"
proves "the edge spooled each image durably before answering success; the uploader sends them to Blob storage"

step 6 "the cloud indexes the study and reconciles it with the order (GET /api/studies/{uid})"
wait_for "study $study_uid indexed with 3 instances and reconciled" 90 study_is "$study_uid" 3 reconciled
api GET "studies/$study_uid" | jq '{study: .study | {studyInstanceUid, patientId, patientName, accessionNumbers, state, instanceCount, seriesCount, linkedOrders}}'
proves "images were read (header only), indexed and matched to the order by accession and patient"

step 7 "the modality completes the step (MPPS N-SET COMPLETED) and asks whether its images are safe (storage commitment)"
images="$(for f in "$work"/images/*.dcm; do
  jq -n --arg series "$(dicom_value "$f" 0020,000e)" --arg class "$(dicom_value "$f" 0008,0016)" --arg instance "$(dicom_value "$f" 0008,0018)" \
    '{series: $series, ReferencedSOPClassUID: $class, ReferencedSOPInstanceUID: $instance}'
done | jq -s .)"
completed="$(jq -n --argjson images "$images" --arg date "$(date +%Y%m%d)" --arg time "$(date +%H%M%S)" \
  '{PerformedProcedureStepStatus: "COMPLETED", PerformedProcedureStepEndDate: $date, PerformedProcedureStepEndTime: $time,
    PerformedSeriesSequence: [$images | group_by(.series)[] | {SeriesInstanceUID: .[0].series, ReferencedImageSequence: [.[] | del(.series)]}]}')"
modality "$(modality_plan N-SET "$mpps_class" "$mpps_uid" "$completed")" | jq -c '.responses[] | {command, status}' | sed 's/^/   /'
transaction="2.25.$(od -An -N8 -tu8 /dev/urandom | tr -d ' ')"
commitment="$(modality "$(modality_plan N-ACTION 1.2.840.10008.1.20.1 1.2.840.10008.1.20.1.1 \
  "$(jq -n --arg t "$transaction" --argjson images "$images" '{TransactionUID: $t, ReferencedSOPSequence: [$images[] | del(.series)]}')" 1 1)")"
echo "$commitment" | jq -c '.responses[] | {command, status}' | sed 's/^/   /'
echo "$commitment" | jq -c '.eventReports[] | {report: "N-EVENT-REPORT", eventTypeId, committed: (.dataset.ReferencedSOPSequence | length), failed: (.dataset.FailedSOPSequence // [] | length)}' | sed 's/^/   /'
echo "$commitment" | jq -e '.eventReports[0].eventTypeId == 1' >/dev/null || { echo "error: the images were not all committed" >&2; exit 1; }
wait_for "the demo RIS received the examination-complete status of $accession" 60 ris_status "$accession" CM
echo "   the RIS received ORM^O01 with ORC-5 CM (examination complete) for $accession"
proves "the cloud confirmed every image stored and indexed before the edge reported them committed (event type 1), and told the RIS the examination is complete"

step 8 "a radiologist's report is submitted through the API (POST /api/reports)"
report="$(api POST reports "{\"accessionNumber\":\"$accession\",\"text\":\"CT chest: no acute findings.\\nNo pulmonary embolism.\",\"author\":\"RAD^REGINA\",\"status\":\"F\"}")"
echo "$report" | jq .
control_id="$(echo "$report" | jq -r .controlId)"
proves "the cloud built an ORU^R01 (MSH-10 $control_id) and queued it for the tenant's edge"

step 9 "the RIS receives the ORU^R01 over MLLP (demo RIS: python-hl7's asyncio MLLP server)"
wait_for "the demo RIS received MSH-10 $control_id" 60 ris_received "$control_id"
jq -r --arg id "$control_id" 'select(.controlId == $id) | .message' "$CLOUDRISPACS_RIS_LOG" | tr '\r' '\n' | sed '/^$/d; s/^/     /'
proves "the edge delivered the report to the RIS and got its AA (the RIS's log: $CLOUDRISPACS_RIS_LOG)"

step 10 "order and study status (GET /api/orders/{accession}, GET /api/trace?accession=…)"
api GET "orders/$accession" | jq '{accessionNumber, orders: [.orders[] | {patientId, patientName, status: .order.status, linkedStudies: .order.linkedStudies, performedStatus: .order.performedStatus, steps: [.steps[] | {status: .item.status}]}], studyInstanceUids}'
wait_for "the cloud recorded the RIS's delivery of $control_id" 30 trace_has "$accession" delivered
api GET "trace?accession=$accession" | jq -r '.messages[] | "     \(.at)  \(.kind)  \(.messageType // "")  \(.outcome)  \(.detail // "")"'
proves "every hop is traceable by accession; the report's delivery to the RIS is recorded in the cloud"

echo
echo "== demo complete: order $accession, study $study_uid, report $control_id delivered to the RIS"
