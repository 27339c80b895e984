#!/bin/sh
# Rotates the gateway's OHTTP keys now: a new key configuration is published at once and the previous
# ones keep being accepted for the overlap (incognito.gateway.key-overlap-days).
#
# usage: rotate-keys.sh [GATEWAY_URL]       (default http://localhost:8080/gateway/)
# The operator must be in the incognito-admins realm:
#   asadmin create-file-user --authrealmname=incognito-admins --groups=incognito-admins NAME
# curl asks for the password; INCOGNITO_ADMIN names the operator (default: $USER).
set -eu
url="${1:-http://localhost:8080/gateway/}"
case "$url" in */) ;; *) url="$url/" ;; esac
exec curl --fail-with-body --silent --show-error --user "${INCOGNITO_ADMIN:-$USER}" \
  -X POST "${url}admin/rotate-keys"
