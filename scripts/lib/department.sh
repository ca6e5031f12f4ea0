# shellcheck shell=bash
# The department launcher (tools/LocalDepartment: Azurite, local cloud host, demo RIS, edge agent) for run.sh.

DEPARTMENT_LAUNCHER="$CLOUDRISPACS_ROOT/tools/LocalDepartment/bin/Release/net10.0/cloudrispacs-local.dll"

# Builds the launcher and, through its project references, the edge agent and the local cloud host (Release).
build_department() {
  echo "== building the edge agent, the local cloud host and the launcher (Release)"
  dotnet build tools/LocalDepartment/CloudRisPacs.Tools.LocalDepartment.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null \
    || { echo "error: the build failed; run: dotnet build tools/LocalDepartment -c Release" >&2; return 1; }
}

# department_running DATA: true when a launcher of DATA is running (its endpoints file names a live process).
department_running() {
  local file="$1/run/endpoints.env" pid
  [ -f "$file" ] || return 1
  pid=$(grep '^CLOUDRISPACS_LAUNCHER_PID=' "$file" | cut -d= -f2)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# with_department DATA COMMAND...: runs COMMAND with the endpoints file of a running department as its first argument;
# starts one in the background (and stops it afterwards) when none is running.
with_department() {
  local data="$1" status=0 i
  shift
  DEPARTMENT_DEMO_PID=""
  if ! department_running "$data"; then
    echo "== starting the department for the demo (log: $data/logs/launcher.log)"
    mkdir -p "$data/logs"
    dotnet "$DEPARTMENT_LAUNCHER" --root "$CLOUDRISPACS_ROOT" --data "$data" >"$data/logs/launcher.log" 2>&1 &
    DEPARTMENT_DEMO_PID=$!
    trap stop_demo_department EXIT INT TERM
    for i in $(seq 1 600); do
      department_running "$data" && break
      kill -0 "$DEPARTMENT_DEMO_PID" 2>/dev/null || { cat "$data/logs/launcher.log" >&2; return 1; }
      sleep 0.2
    done
    department_running "$data" || { echo "error: the department did not start within 120 s" >&2; cat "$data/logs/launcher.log" >&2; return 1; }
    sed -n '/== running/,/== press/p' "$data/logs/launcher.log"
  fi
  "$@" "$data/run/endpoints.env" || status=$?
  stop_demo_department
  return "$status"
}

# Stops the department with_department started (SIGTERM: the launcher stops its processes in order), if any.
stop_demo_department() {
  if [ -n "${DEPARTMENT_DEMO_PID:-}" ]; then
    echo "== stopping the department started for the demo"
    kill -TERM "$DEPARTMENT_DEMO_PID" 2>/dev/null || true
    wait "$DEPARTMENT_DEMO_PID" 2>/dev/null || true
    DEPARTMENT_DEMO_PID=""
  fi
}
