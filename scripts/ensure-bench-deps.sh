#!/usr/bin/env bash
# `make bench` drives pages over HTTP with wrk (bench/http.py). Install Debian's wrk when it is
# missing and we are root; otherwise say in one line what to install.
set -euo pipefail

command -v wrk >/dev/null 2>&1 && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "make bench needs this Debian package: sudo apt-get install wrk" >&2
  exit 1
fi
echo "Installing wrk from Debian's packages..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends wrk >/dev/null
