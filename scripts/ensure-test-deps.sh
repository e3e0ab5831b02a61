#!/usr/bin/env bash
# The test suite starts its own PostgreSQL 15 and Redis, and drives Debian's
# Chromium. Install the Debian packages when they are missing and we are root;
# otherwise say in one line what to install.
set -euo pipefail

missing=()
ls /usr/lib/postgresql/15/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql-15)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x "${SUPPORT_HUB_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "make test needs these Debian packages: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} from Debian's packages..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
