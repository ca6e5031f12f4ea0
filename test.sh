#!/usr/bin/env bash
# The one test command: installs the peers the tests use, starts a throwaway Azurite, runs every test in the
# solution, always stops Azurite, and ends with "N passed, N failed[, N skipped]". Extra arguments go to dotnet test
# (for example: ./test.sh --filter "FullyQualifiedName~Hl7").
set -euo pipefail
CLOUDRISPACS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export CLOUDRISPACS_ROOT
cd "$CLOUDRISPACS_ROOT"
source scripts/lib/prerequisites.sh
source scripts/lib/azurite.sh

ensure_dotnet_and_node
ensure_debian_packages
ensure_azurite
ensure_dimse_peer

work="$(mktemp -d "${TMPDIR:-/tmp}/cloudrispacs-test.XXXXXX")"
cleanup() { stop_azurite; rm -rf "$work"; }
trap cleanup EXIT INT TERM

start_azurite "$work/azurite" "$work/azurite.log"
export CLOUDRISPACS_TEST_STORAGE="$AZURITE_CONNECTION_STRING"
# Tests that must stop storage mid-scenario start their own Azurite from the same pinned install.
export CLOUDRISPACS_AZURITE_BIN="$CLOUDRISPACS_ROOT/tools/azurite/node_modules/.bin/azurite"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== Azurite on $(echo "$AZURITE_CONNECTION_STRING" | grep -o 'BlobEndpoint=[^;]*')"

results="$work/results"
status=0
# A test still running after 5 minutes is hung: its host is stopped and the run goes on (no dump: nobody reads it in CI).
dotnet test CloudRisPacs.sln --nologo --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" --blame-hang-timeout 5m --blame-hang-dump-type none "$@" 2>&1 | tee "$work/dotnet-test.log" || status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1  # the build or a test host failed before any result was written
  echo "error: dotnet test exited with $status before reporting results" >&2
fi
# Repeated at the end, where a truncated CI log still shows them: tests over 2 minutes, hung test hosts, failures.
grep -E 'Long Running Test|crash occurred|was aborted|inactivity time' "$work/dotnet-test.log" | sort -u | head -n 40 || true
# ...and why each test failed: its error message, up to its stack trace.
awk '/^[[:space:]]+Failed / { show = 1; lines = 0 } /^[[:space:]]+Stack Trace:/ { show = 0 }
     show && lines++ < 12 { print }' "$work/dotnet-test.log" | head -n 120 || true
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
