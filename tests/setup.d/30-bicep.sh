#!/usr/bin/env bash
# The bicep binary from the NuGet package Azure.Bicep.CommandLine.linux-x64 (version in Directory.Packages.props),
# restored through tests/Canbao.Functions.Tests (which references the package for its infra test), then
# `bicep build` and `bicep lint` on infra/main.bicep and its example parameters: any error stops the run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
dotnet restore tests/Canbao.Functions.Tests/Canbao.Functions.Tests.csproj -nologo -v q >/dev/null
version="$(sed -n 's/.*Include="Azure.Bicep.CommandLine.linux-x64" Version="\([^"]*\)".*/\1/p' Directory.Packages.props)"
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
bicep="$packages/azure.bicep.commandline.linux-x64/$version/tools/bicep"
[[ -f "$bicep" ]] || { echo "bicep binary not found at $bicep" >&2; exit 1; }
chmod +x "$bicep"
"$bicep" --version
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$bicep" build infra/main.bicep --outdir "$out"
"$bicep" build-params infra/main.dev.bicepparam --outfile "$out/main.dev.parameters.json"
"$bicep" lint infra/main.bicep
"$bicep" lint infra/main.dev.bicepparam
echo "bicep build and lint: clean"
