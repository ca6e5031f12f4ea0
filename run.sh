#!/usr/bin/env bash
# The one run command: starts Azurite and the hosts that exist, prints their endpoints, runs until Ctrl-C,
# then stops everything. State lives in .data/ so a restart keeps the worklist, spool and cloud tables.
set -euo pipefail
CLOUDRISPACS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CLOUDRISPACS_ROOT
cd "$CLOUDRISPACS_ROOT"
source scripts/lib/prerequisites.sh
source scripts/lib/azurite.sh

ensure_dotnet_and_node
ensure_azurite
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

data="$CLOUDRISPACS_ROOT/.data"
mkdir -p "$data/logs"
pids=()
shutdown() {
  trap - EXIT INT TERM
  echo; echo "== stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  stop_azurite
}
trap shutdown EXIT INT TERM

echo "== building (Release)"
dotnet build CloudRisPacs.sln -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null

start_azurite "$data/azurite" "$data/logs/azurite.log"
echo "== Azurite      $(echo "$AZURITE_CONNECTION_STRING" | grep -o 'BlobEndpoint=[^;]*')"

# The edge agent in local mode (edge-agent/packaging/appsettings.local.json): Storage Queues and Blob on this Azurite.
EdgeAgent__Cloud__StorageConnectionString="$AZURITE_CONNECTION_STRING" EdgeAgent__DataFolder="$data/edge-agent" \
  dotnet "edge-agent/bin/Release/net10.0/cloudrispacs-edge.dll" --config edge-agent/packaging/appsettings.local.json \
  >"$data/logs/edge-agent.log" 2>&1 &
pids+=($!)
echo "== edge agent   MLLP 127.0.0.1:2575, DICOM CLOUDRISPACS@127.0.0.1:11112, status http://127.0.0.1:8480/status"
echo "               log: .data/logs/edge-agent.log"
echo "== running; press Ctrl-C to stop"
wait -n "${pids[@]}" "$AZURITE_PID" || true
echo "error: a process exited unexpectedly; see .data/logs/" >&2
exit 1
