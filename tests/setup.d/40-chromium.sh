#!/usr/bin/env bash
# Debian's chromium and a CJK font for the dashboard's browser tests (tests/Canbao.Operator.Tests, Playwright).
# Playwright's own browser download is never used: the tests set ExecutablePath=/usr/bin/chromium.
# Installs only when chromium is missing; without a CJK font Chinese labels render as boxes in screenshots.
set -euo pipefail
if [[ -x /usr/bin/chromium ]] && fc-list 2>/dev/null | grep -qi 'wqy'; then
  exit 0
fi
sudo_cmd=()
if [[ "$(id -u)" != "0" ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
test -x /usr/bin/chromium || { echo "chromium did not install: the browser tests cannot run" >&2; exit 1; }
