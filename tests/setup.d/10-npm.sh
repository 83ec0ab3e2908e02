#!/usr/bin/env bash
# npm packages the tests and the local host use (Azurite, cosmosdb-server). Installed once into ./node_modules.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
if [[ ! -x node_modules/.bin/azurite ]] || [[ package.json -nt node_modules/.package-lock.json ]]; then
  npm install --no-audit --no-fund --loglevel=error
fi
