#!/usr/bin/env bash
# Receipts signed and verified per second on one thread (ReceiptKey.sign, ReceiptVerifier.verify)
# against BouncyCastle's raw Ed25519 sign/verify of the same signed message, in the same JVM run.
# Usage: bench/receipts-bench.sh [rounds] [seconds-per-measure]
set -euo pipefail
cd "$(dirname "$0")/.."
# one reactor, so the client's class path names the sibling modules' target/classes
mvn -B -q -o -pl client -am test-compile dependency:build-classpath -Dspotless.check.skip=true \
  -Dmdep.outputFile=target/receipts-bench.classpath -Dmdep.includeScope=test >/dev/null
CP="client/target/classes:client/target/test-classes:$(cat client/target/receipts-bench.classpath)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "java: $(java -version 2>&1 | head -1)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -cp "$CP" dev.incognito.client.bench.ReceiptsBench "${1:-5}" "${2:-1}"
