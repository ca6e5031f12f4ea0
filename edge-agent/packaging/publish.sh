#!/usr/bin/env bash
# Builds the clinic packages: one self-contained executable per platform (no .NET install needed on the clinic's
# machine), with the sample configuration, the systemd unit and the Windows service script beside it.
# Usage: edge-agent/packaging/publish.sh [OUTPUT_DIR]   (default: dist/edge-agent)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/dist/edge-agent}"
packaging="$root/edge-agent/packaging"
for rid in linux-x64 win-x64; do
  echo "== publishing $rid"
  dotnet publish "$root/edge-agent/CloudRisPacs.EdgeAgent.csproj" -c Release -r "$rid" --self-contained true \
    -p:PublishSingleFile=true -p:DebugType=none -p:GenerateDocumentationFile=false --nologo -v quiet -o "$out/$rid"
  rm -f "$out/$rid/appsettings.json"
  cp "$packaging/appsettings.sample.json" "$packaging/appsettings.local.json" "$out/$rid/"
done
cp "$packaging/cloudrispacs-edge.service" "$out/linux-x64/"
cp "$packaging/install-windows-service.ps1" "$out/win-x64/"
echo "== done: $out/linux-x64/cloudrispacs-edge and $out/win-x64/cloudrispacs-edge.exe"
