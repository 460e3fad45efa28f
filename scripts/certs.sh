#!/usr/bin/env bash
# Local CA and the services' certificate, under var/tls (ignored). The system trust store is
# never touched: no `mkcert -install`; Python clients trust var/tls/ca/rootCA.pem by configuration.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var/tls/ca
export CAROOT="$PWD/var/tls/ca"
# ECDSA P-256: a TLS handshake signs with the service's key, and P-256 signs several times faster
# than RSA 2048 (a certificate made as RSA by an earlier version is replaced, under the same CA).
if [ ! -f var/tls/localhost.pem ] || [ ! -f var/tls/ca/rootCA.pem ] \
   || openssl x509 -in var/tls/localhost.pem -noout -text 2>/dev/null | grep -q rsaEncryption; then
  mkcert -ecdsa -cert-file var/tls/localhost.pem -key-file var/tls/localhost-key.pem localhost 127.0.0.1 ::1 2>&1 \
    | grep -v -i "install" || true
  chmod 600 var/tls/localhost-key.pem var/tls/ca/rootCA-key.pem
fi
