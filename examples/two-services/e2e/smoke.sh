#!/usr/bin/env bash
# The E2E check the gate runs after both stagings proved their versions. It receives its URLs and
# the test DJ's e-mail from the check's `env:` and the password through `pass-env:`, never on its
# command line. A real suite (Playwright, k6...) goes here; this one checks the user journey the
# two services share: a DJ signs in on the backend and the track they log shows up in metadata.
set -euo pipefail

: "${BACKEND_URL:?}" "${METADATA_URL:?}" "${E2E_TEST_DJ_EMAIL:?}" "${E2E_TEST_DJ_PASSWORD:?}"

session="$(jq -n --arg email "$E2E_TEST_DJ_EMAIL" --arg password "$E2E_TEST_DJ_PASSWORD" '{email: $email, password: $password}' |
  curl --fail --silent --show-error --max-time 30 -H 'Content-Type: application/json' --data @- "$BACKEND_URL/auth/session" |
  jq -er '.token')"

marker="e2e-$(date -u +%Y%m%dT%H%M%SZ)-$RANDOM"
jq -n --arg title "$marker" '{artist: "Pipelines E2E", title: $title}' |
  curl --fail --silent --show-error --max-time 30 -H 'Content-Type: application/json' \
    -H @<(printf 'Authorization: Bearer %s\n' "$session") --data @- "$BACKEND_URL/flowsheet" > /dev/null

for _ in $(seq 1 30); do
  if curl --fail --silent --max-time 10 "$METADATA_URL/tracks/recent" | jq -e --arg title "$marker" 'any(.[]; .title == $title)' > /dev/null; then
    echo "the logged track reached the metadata service"
    exit 0
  fi
  sleep 2
done
echo "the logged track never reached the metadata service" >&2
exit 1
