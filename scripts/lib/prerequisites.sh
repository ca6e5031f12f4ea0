# shellcheck shell=bash
# Installs what the tests and the run command need on a fresh Debian machine that has the .NET SDK and Node.js.
# Sourced by test.sh and run.sh; every function fails with a message that names what is missing.

# curl and jq: the demo scenario (scripts/demo) and the end-to-end test that runs it.
CLOUDRISPACS_DEBIAN_PACKAGES=(dcmtk python3-hl7 python3-pydicom curl jq)

ensure_debian_packages() {
  local missing=() package
  for package in "${CLOUDRISPACS_DEBIAN_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing Debian packages: ${missing[*]}" >&2
    echo "       install them as root: apt-get update && apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "== installing Debian packages: ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_dotnet_and_node() {
  command -v dotnet >/dev/null || { echo "error: the .NET SDK (dotnet) is not on PATH; install .NET 10 SDK" >&2; return 1; }
  command -v node >/dev/null || { echo "error: Node.js (node) is not on PATH; install Node.js 20 or later" >&2; return 1; }
  command -v npm >/dev/null || { echo "error: npm is not on PATH; it comes with Node.js" >&2; return 1; }
}

# Azurite comes from the pinned, lock-filed manifest in tools/azurite (never a global install).
ensure_azurite() {
  local dir="$CLOUDRISPACS_ROOT/tools/azurite"
  if [ -x "$dir/node_modules/.bin/azurite" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    return 0
  fi
  echo "== installing Azurite from tools/azurite/package-lock.json"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}

# dcmjs-dimse, the independent MPPS and Storage Commitment peer (DCMTK has no tool for either), from the pinned,
# lock-filed manifest in tools/dimse-peer.
ensure_dimse_peer() {
  local dir="$CLOUDRISPACS_ROOT/tools/dimse-peer"
  if [ -d "$dir/node_modules/dcmjs-dimse" ] && [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    return 0
  fi
  echo "== installing dcmjs-dimse from tools/dimse-peer/package-lock.json"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}
