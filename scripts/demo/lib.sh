# shellcheck shell=bash
# Helpers of the demo scenario (sourced by demo.sh after the endpoints and API keys files).

step() { echo; echo "== step $1: $2"; }
proves() { echo "   ✔ proves: $1"; }

# send_hl7 FILE: mllp_send to the edge; prints the ACK and fails unless it is AA.
send_hl7() {
  local ack
  ack="$(mllp_send --loose -p "$CLOUDRISPACS_MLLP_PORT" -f "$1" "$CLOUDRISPACS_HOST" | tr '\r' '\n' | tr -d '\013\034')"
  echo "$ack" | sed '/^$/d; s/^/     /'
  echo "$ack" | grep -q '^MSA|AA' || { echo "error: the edge did not answer AA" >&2; return 1; }
}

# wait_for WHAT SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds.
wait_for() {
  local what="$1" seconds="$2" deadline
  shift 2
  deadline=$(( $(date +%s) + seconds ))
  until "$@"; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "error: timed out after ${seconds} s waiting for $what" >&2
      echo "       look at: $CLOUDRISPACS_STATUS_URL, $CLOUDRISPACS_API_URL/exceptions, $CLOUDRISPACS_LOGS/" >&2
      return 1
    fi
    sleep 0.2
  done
}

# worklist_has ACCESSION DIR: one MWL C-FIND at the edge for ACCESSION; true when it returned an item (files in DIR).
worklist_has() {
  rm -rf "$2"; mkdir -p "$2"
  findscu -W -aet DEMO_CT -aec "$CLOUDRISPACS_DICOM_AE" "$CLOUDRISPACS_HOST" "$CLOUDRISPACS_DICOM_PORT" \
    -k "AccessionNumber=$1" -k PatientName -k PatientID -k StudyInstanceUID -k RequestedProcedureID \
    -k "ScheduledProcedureStepSequence[0].Modality" -k "ScheduledProcedureStepSequence[0].ScheduledProcedureStepID" \
    -k "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate" \
    -X -od "$2" >/dev/null 2>&1 || return 1
  compgen -G "$2/*.dcm" >/dev/null
}

# dicom_value FILE TAG: the first value of TAG (any nesting level); UIDs as numbers, not DCMTK's names for them.
dicom_value() { dcmdump -Un +P "$2" "$1" | head -n 1 | sed -n 's/^[^[]*\[\(.*\)\].*$/\1/p'; }

# api METHOD PATH [JSON]: the cloud API with the demo tenant's staff key; fails on an HTTP error.
api() {
  local method="$1" path="$2"
  if [ $# -ge 3 ]; then
    curl -sS --fail-with-body -X "$method" -H "Authorization: Bearer $CLOUDRISPACS_STAFF_KEY" -H 'Content-Type: application/json' \
      --data "$3" "$CLOUDRISPACS_API_URL/$path"
  else
    curl -sS --fail-with-body -X "$method" -H "Authorization: Bearer $CLOUDRISPACS_STAFF_KEY" "$CLOUDRISPACS_API_URL/$path"
  fi
}

# study_is UID INSTANCES STATE: true when the study is indexed with INSTANCES instances and in STATE.
study_is() {
  local body
  body="$(curl -sS -H "Authorization: Bearer $CLOUDRISPACS_STAFF_KEY" "$CLOUDRISPACS_API_URL/studies/$1" 2>/dev/null)" || return 1
  [ "$(echo "$body" | jq -r '.study.instanceCount // 0' 2>/dev/null)" = "$2" ] && [ "$(echo "$body" | jq -r '.study.state' 2>/dev/null)" = "$3" ]
}

# ris_received CONTROL_ID: true when the demo RIS logged a message with that MSH-10.
ris_received() { [ -f "$CLOUDRISPACS_RIS_LOG" ] && jq -e --arg id "$1" 'select(.controlId == $id)' "$CLOUDRISPACS_RIS_LOG" >/dev/null 2>&1; }

# trace_has ACCESSION OUTCOME: true when the accession's trace holds a record with OUTCOME.
trace_has() { api GET "trace?accession=$1" 2>/dev/null | jq -e --arg o "$2" '.messages[] | select(.outcome == $o)' >/dev/null 2>&1; }

# modality PLAN_JSON: one association of the demo modality through dcmjs-dimse (tools/dimse-peer), the independent
# MPPS and storage commitment SCU; prints the peer's JSON (responses, event reports) and fails unless every response
# is success.
modality() {
  local result
  result="$(echo "$1" | node "$(dirname "${BASH_SOURCE[0]}")/../../tools/dimse-peer/dimse-peer.js" send)" || { echo "$result" >&2; return 1; }
  echo "$result"
  echo "$result" | jq -e '[.responses[].status] | all(. == 0)' >/dev/null || { echo "error: the edge did not answer success" >&2; return 1; }
}

# modality_plan COMMAND SOP_CLASS SOP_INSTANCE DATASET_JSON [EVENT_REPORTS] [ACTION_TYPE]: a plan for `modality`.
modality_plan() {
  jq -n --arg host "$CLOUDRISPACS_HOST" --argjson port "$CLOUDRISPACS_DICOM_PORT" --arg called "$CLOUDRISPACS_DICOM_AE" \
    --arg command "$1" --arg class "$2" --arg instance "$3" --argjson dataset "$4" --argjson reports "${5:-0}" --argjson action "${6:-0}" \
    '{host: $host, port: $port, callingAe: "DEMO_CT", calledAe: $called, eventReports: $reports, timeoutMs: 90000,
      requests: [{command: $command, sopClassUid: $class, sopInstanceUid: $instance, actionTypeId: $action, dataset: $dataset}]}'
}

# order_is ACCESSION PERFORMED_STATUS: true when the cloud's order has that performed status (MPPS).
order_is() { api GET "orders/$1" 2>/dev/null | jq -e --arg s "$2" '.orders[0].order.performedStatus == $s' >/dev/null 2>&1; }

# ris_status ACCESSION ORDER_STATUS: true when the demo RIS logged an ORM^O01 for ACCESSION whose ORC-5 is ORDER_STATUS.
ris_status() {
  [ -f "$CLOUDRISPACS_RIS_LOG" ] && jq -e --arg a "$1" --arg s "$2" \
    'select((.message | contains("ORM^O01")) and (.message | contains($a)) and (.message | split("\r") | any(startswith("ORC|") and (split("|")[5] == $s))))' \
    "$CLOUDRISPACS_RIS_LOG" >/dev/null 2>&1
}
