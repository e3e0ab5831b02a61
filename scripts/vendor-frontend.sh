#!/usr/bin/env bash
# Refresh static/govuk (GOV.UK Frontend 5.x) and tests/assets/axe.min.js from
# the npm registry. The results are committed: running the service needs no npm.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent govuk-frontend@5 axe-core@4 >/dev/null && for t in *.tgz; do mkdir "${t%.tgz}" && tar xzf "$t" -C "${t%.tgz}"; done)
gf=$(ls -d "$work"/govuk-frontend-*/package)
axe=$(ls -d "$work"/axe-core-*/package)
rm -rf static/govuk && mkdir -p static/govuk
cp "$gf"/dist/govuk/govuk-frontend.min.css "$gf"/dist/govuk/govuk-frontend.min.js static/govuk/
cp -r "$gf"/dist/govuk/assets static/govuk/ && rm -rf static/govuk/assets/rebrand
# The stylesheet expects its fonts at /assets/; ours sit beside it under /static/govuk/.
sed -i 's#url(/assets/#url(assets/#g' static/govuk/govuk-frontend.min.css
node -p "require('$gf/package.json').version" > static/govuk/VERSION
cp "$axe"/axe.min.js tests/assets/axe.min.js
cp "$axe"/LICENSE tests/assets/AXE_LICENSE
node -p "require('$axe/package.json').version" > tests/assets/AXE_VERSION
echo "GOV.UK Frontend $(cat static/govuk/VERSION), axe-core $(cat tests/assets/AXE_VERSION)"
