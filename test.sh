#!/usr/bin/env bash
# Sets up everything the tests need on a fresh machine (NuGet restore, npm packages, Debian packages for the
# browser tests, the bicep binary) and runs every test. Services the tests need are started by the tests
# themselves (127.0.0.1 only) and stopped by PID.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
for setup in "$root"/tests/setup.d/*.sh; do
  [[ -e "$setup" ]] || continue
  echo "== setup: $(basename "$setup")"
  bash "$setup"
done
echo "== build"
dotnet build Canbao.slnx -c Release -nologo -v q
echo "== test"
dotnet test Canbao.slnx -c Release --no-build -nologo -v q --logger "console;verbosity=minimal" "$@"
