#!/usr/bin/env bash
# Gateway OHTTP throughput (decapsulate a 1 KiB request + seal a 1 KiB response) on one thread,
# this project's OhttpGateway against BouncyCastle's HPKE class in the same JVM run.
# Usage: bench/hpke-bench.sh [rounds] [seconds-per-round]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl protocol test-compile
mvn -B -q -pl protocol dependency:build-classpath -Dmdep.outputFile=target/hpke-bench.classpath \
  -Dmdep.includeScope=test >/dev/null
CP="protocol/target/classes:protocol/target/test-classes:$(cat protocol/target/hpke-bench.classpath)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "java: $(java -version 2>&1 | head -1)"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
exec java -cp "$CP" dev.incognito.protocol.bench.HpkeBench "${1:-5}" "${2:-2}"
