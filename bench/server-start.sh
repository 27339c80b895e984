#!/usr/bin/env bash
# Start-to-ready time and resident memory of the Payara Server domain that runs the Incognito EAR,
# against the same domain started empty in the same run (the peer): the ratios say what the EAR
# costs on top of the server.
#
#   bench/server-start.sh [ROUNDS]      (default 2 rounds; ports 8080, 8181, 4848 must be free)
#
# Uses the domain that the build prepares for the integration tests (ear/target/payara6, domain
# "incognito", configured from config/); builds it first when missing. Prints one line per
# measurement and a summary; paste the summary into bench/RESULTS.md with the machine and date.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-2}"
payara="$repo/ear/target/payara6"
domain=incognito
ear="$repo/ear/target/incognito.ear"
asadmin=("$payara/bin/asadmin" --interactive=false)
export AS_JAVA="${AS_JAVA:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"

if [[ ! -f "$payara/glassfish/domains/$domain/config/incognito-config.sha256" || ! -f "$ear" ]]; then
  echo "preparing the domain: mvn -B -q -pl ear -am pre-integration-test" >&2
  (cd "$repo" && mvn -B -q -pl ear -am pre-integration-test -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false >&2)
fi

now_ms() { date +%s%3N; }

# Waits for HTTP 200 at $1, 5 minutes at most.
await_200() {
  local deadline=$((SECONDS + 300))
  until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" == 200 ]]; do
    ((SECONDS < deadline)) || { echo "no 200 from $1" >&2; exit 1; }
    sleep 0.2
  done
}

# Resident set size of the domain's server process, MiB.
rss_mib() {
  local pid
  pid="$(cat "$payara/glassfish/domains/$domain/config/pid")"
  awk '/^VmRSS:/ { printf "%d", $2 / 1024 }' "/proc/$pid/status"
}

empty_ms=() empty_rss=() ear_ms=() ear_rss=()
for ((i = 1; i <= rounds; i++)); do
  # the peer: the configured domain with nothing deployed
  "${asadmin[@]}" undeploy incognito >/dev/null 2>&1 || true
  t0=$(now_ms)
  "${asadmin[@]}" start-domain "$domain" >/dev/null
  await_200 "http://localhost:8080/"
  t1=$(now_ms)
  empty_ms+=($((t1 - t0))) empty_rss+=("$(rss_mib)")
  echo "round $i empty domain: ready in $((t1 - t0)) ms, RSS ${empty_rss[-1]} MiB"

  # start to ready with the EAR: deploy, then the issuer answers and health says ready
  t0=$(now_ms)
  "${asadmin[@]}" deploy --name incognito "$ear" >/dev/null
  await_200 "http://localhost:8080/health/ready"
  await_200 "http://localhost:8080/acs/.well-known/private-token-issuer-directory"
  t1=$(now_ms)
  "${asadmin[@]}" stop-domain "$domain" >/dev/null
  t2=$(now_ms)
  "${asadmin[@]}" start-domain "$domain" >/dev/null
  await_200 "http://localhost:8080/health/ready"
  await_200 "http://localhost:8080/acs/.well-known/private-token-issuer-directory"
  t3=$(now_ms)
  ear_ms+=($((t3 - t2))) ear_rss+=("$(rss_mib)")
  echo "round $i first deploy: $((t1 - t0)) ms; restart with the EAR deployed: ready in $((t3 - t2)) ms, RSS ${ear_rss[-1]} MiB"
  "${asadmin[@]}" undeploy incognito >/dev/null
  "${asadmin[@]}" stop-domain "$domain" >/dev/null
done

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
e_ms=$(median "${empty_ms[@]}") e_rss=$(median "${empty_rss[@]}")
a_ms=$(median "${ear_ms[@]}") a_rss=$(median "${ear_rss[@]}")
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%d GiB", $2 / 1048576 }' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1); Payara 6.2025.10; $(date -u +%F)"
echo "start to ready, median of $rounds: empty domain $e_ms ms, with the EAR $a_ms ms (ratio $(awk -v a="$a_ms" -v e="$e_ms" 'BEGIN { printf "%.2f", a / e }'))"
echo "RSS after ready, median of $rounds: empty domain $e_rss MiB, with the EAR $a_rss MiB (ratio $(awk -v a="$a_rss" -v e="$e_rss" 'BEGIN { printf "%.2f", a / e }'))"
