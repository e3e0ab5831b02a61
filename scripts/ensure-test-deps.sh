#!/usr/bin/env bash
# The test suite starts its own PostgreSQL 15 and Redis, and drives Debian's
# Chromium, and WeasyPrint needs Pango. Install the Debian packages when they are missing and we are root;
# otherwise say in one line what to install.
set -euo pipefail

missing=()
ls /usr/lib/postgresql/15/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql-15)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x "${SUPPORT_HUB_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
# WeasyPrint (the family copy's PDF) needs Pango and a font.
ldconfig -p 2>/dev/null | grep 'libpango-1.0.so.0' >/dev/null || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep 'libharfbuzz-subset.so.0' >/dev/null || missing+=(libharfbuzz-subset0)
fc-list 2>/dev/null | grep . >/dev/null || missing+=(fonts-dejavu-core)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "make test needs these Debian packages: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing ${missing[*]} from Debian's packages..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
