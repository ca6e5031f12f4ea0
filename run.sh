#!/usr/bin/env bash
# The one run command.
#   ./run.sh        Azurite + local cloud host (demo tenant) + demo RIS + edge agent; prints the endpoints; Ctrl-C stops all.
#   ./run.sh demo   the whole scenario with the real tools (mllp_send, findscu, storescu, curl) against it; starts the
#                   department for the demo when ./run.sh is not already running in another terminal.
# State lives in .data/ (Azurite data, the agent's store and spool, the generated API keys, logs), so a restart keeps it.
set -euo pipefail
CLOUDRISPACS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CLOUDRISPACS_ROOT
cd "$CLOUDRISPACS_ROOT"
source scripts/lib/prerequisites.sh
source scripts/lib/department.sh

ensure_dotnet_and_node
ensure_debian_packages
ensure_azurite
ensure_dimse_peer
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
data="$CLOUDRISPACS_ROOT/.data"

case "${1:-run}" in
  run)
    build_department
    exec dotnet "$DEPARTMENT_LAUNCHER" --root "$CLOUDRISPACS_ROOT" --data "$data"
    ;;
  demo)
    build_department
    with_department "$data" scripts/demo/demo.sh
    ;;
  *)
    echo "usage: ./run.sh [demo]" >&2
    exit 2
    ;;
esac
