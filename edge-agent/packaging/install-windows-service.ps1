<#
.SYNOPSIS
  Installs (or removes) the CloudRisPacs edge agent as a Windows service.

.DESCRIPTION
  Copies cloudrispacs-edge.exe to the install folder, creates the data folder, installs the service "CloudRisPacsEdge"
  (automatic start, restart on failure), opens the MLLP and DICOM ports in Windows Firewall, checks the configuration
  with `cloudrispacs-edge check` and starts the service. Run from an elevated PowerShell in the folder holding
  cloudrispacs-edge.exe and your appsettings.json (start from appsettings.sample.json).

.EXAMPLE
  .\install-windows-service.ps1 -ConfigFile .\appsettings.json
.EXAMPLE
  .\install-windows-service.ps1 -Uninstall
#>
[CmdletBinding()]
param(
  [string] $ConfigFile = ".\appsettings.json",
  [string] $InstallDir = "$env:ProgramFiles\CloudRisPacs\Edge",
  [string] $DataDir = "$env:ProgramData\CloudRisPacs\Edge",
  [int] $MllpPort = 2575,
  [int] $DicomPort = 11112,
  [switch] $Uninstall
)
$ErrorActionPreference = "Stop"
$serviceName = "CloudRisPacsEdge"

if (-not ([Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()).IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
  throw "Run this script from an elevated PowerShell (Run as administrator)."
}

if ($Uninstall) {
  if (Get-Service $serviceName -ErrorAction SilentlyContinue) {
    Stop-Service $serviceName -ErrorAction SilentlyContinue
    sc.exe delete $serviceName | Out-Null
  }
  Get-NetFirewallRule -DisplayName "CloudRisPacs edge *" -ErrorAction SilentlyContinue | Remove-NetFirewallRule
  Write-Host "Service removed. The data folder $DataDir (durable store, spool) was kept; delete it only when its queues are empty."
  return
}

if (-not (Test-Path ".\cloudrispacs-edge.exe")) { throw "cloudrispacs-edge.exe is not in the current folder." }
if (-not (Test-Path $ConfigFile)) { throw "Configuration $ConfigFile not found. Copy appsettings.sample.json to appsettings.json and fill it in." }

New-Item -ItemType Directory -Force -Path $InstallDir, $DataDir | Out-Null
Copy-Item ".\cloudrispacs-edge.exe" $InstallDir -Force
Copy-Item $ConfigFile (Join-Path $InstallDir "appsettings.json") -Force
$exe = Join-Path $InstallDir "cloudrispacs-edge.exe"
$config = Join-Path $InstallDir "appsettings.json"

Write-Host "Checking the configuration and the connections..."
& $exe check --config $config
if ($LASTEXITCODE -ne 0) {
  Write-Warning "Some checks failed (see above). The service is installed anyway; fix the configuration and restart it."
}

if (-not (Get-Service $serviceName -ErrorAction SilentlyContinue)) {
  New-Service -Name $serviceName -DisplayName "CloudRisPacs edge agent" `
    -Description "HL7 and DICOM store-and-forward between the clinic and CloudRisPacs." `
    -BinaryPathName "`"$exe`" --config `"$config`"" -StartupType Automatic | Out-Null
  # Restart after 5 s on the first, second and later failures; reset the count after a day.
  sc.exe failure $serviceName reset= 86400 actions= restart/5000/restart/5000/restart/5000 | Out-Null
}

New-NetFirewallRule -DisplayName "CloudRisPacs edge MLLP" -Direction Inbound -Protocol TCP -LocalPort $MllpPort -Action Allow -ErrorAction SilentlyContinue | Out-Null
New-NetFirewallRule -DisplayName "CloudRisPacs edge DICOM" -Direction Inbound -Protocol TCP -LocalPort $DicomPort -Action Allow -ErrorAction SilentlyContinue | Out-Null

Start-Service $serviceName
Write-Host "Service $serviceName started. Status: http://127.0.0.1:8480/status  (logs: Event Viewer > Windows Logs > Application)"
