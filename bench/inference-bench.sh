#!/usr/bin/env bash
# Java engine vs llama.cpp on a synthetic model at SmolLM2-360M's shape (dim 960, 32 layers,
# 15 heads, 5 KV heads, FFN 2560, vocab 49152), random weights, F32 and Q8_0, same threads:
# decode tok/s at batch 1, aggregate tok/s of 8 concurrent sequences, prefill tok/s for 512
# tokens, peak RSS, and the decode ceiling a memory-bandwidth measurement in the same run allows.
# Prints ratios and appends a section to bench/RESULTS.md.
#
#   bench/inference-bench.sh            # threads = 1
#   THREADS=2 bench/inference-bench.sh
#
# Needs: the inference module built (mvn -pl inference -am package -DskipTests), node, and
# `npm ci` in bench/llamacpp. The GGUF files (1.5 GB and 0.4 GB) are cached in $WORK.
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS="${THREADS:-1}"
WORK="${WORK:-${TMPDIR:-/tmp}/incognito-bench}"
mkdir -p "$WORK"

if [ ! -d bench/llamacpp/node_modules/node-llama-cpp ]; then
  echo "llama.cpp peer missing: run 'npm ci' in bench/llamacpp" >&2
  exit 1
fi
mvn -B -q -o -pl inference -am package -DskipTests >/dev/null
mvn -B -q -o -pl inference dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="$(ls inference/target/inference-*.jar | head -1):$(cat "$WORK/cp.txt")"
# Compiled ahead (not source-file mode) so that javac does not count in the engine's peak RSS.
javac --add-modules jdk.incubator.vector -nowarn -d "$WORK/classes" -cp "$CP" bench/InferenceBench.java 2>/dev/null
JAVA=(java --add-modules jdk.incubator.vector -Xmx2g -cp "$WORK/classes:$CP" InferenceBench)

json() { # json KEY < object  → value
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const o=JSON.parse(s.trim().split("\n").pop());console.log(o[process.argv[1]])})' "$1"
}

for type in f32 q8_0; do
  [ -f "$WORK/smollm2-shape-$type.gguf" ] || "${JAVA[@]}" write "$type" "$WORK/smollm2-shape-$type.gguf" 2>/dev/null
done

BWJSON=$("${JAVA[@]}" bandwidth "$THREADS" 2>/dev/null | tail -1)
BW=$(echo "$BWJSON" | json bandwidthBytesPerSecond)
ONCPU=$(echo "$BWJSON" | json onCpu)
DATE=$(date -u +%Y-%m-%d)
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
CORES=$(nproc)
LOAD=$(cut -d' ' -f1 /proc/loadavg)

report=$(mktemp)
{
  echo
  echo "## Inference engine vs llama.cpp — $DATE"
  echo
  echo "Script: \`bench/inference-bench.sh\` (THREADS=$THREADS); peer: llama.cpp through node-llama-cpp (CPU build, \`bench/llamacpp\`)."
  echo
  echo "Machine: $CPU, $CORES cores (nproc), load average $LOAD at start; $THREADS thread(s) each."
  echo "Synthetic SmolLM2-360M-shape model, random weights. Memory read bandwidth in this run:"
  echo "$(node -e "console.log((+process.argv[1]/1e9).toFixed(2))" "$BW") GB/s wall-clock with $THREADS thread(s), whose threads were on a CPU"
  echo "$(node -e "console.log((100 * process.argv[1]).toFixed(0))" "$ONCPU") % of that time; the decode ceiling below is the bandwidth while on a CPU"
  echo "(wall-clock / on-CPU share) over the model's bytes, the rate if every token read every weight once."
  echo
  echo "| type | measure | Java engine | llama.cpp | Java / llama.cpp |"
  echo "| --- | --- | --- | --- | --- |"
} > "$report"

for type in f32 q8_0; do
  model="$WORK/smollm2-shape-$type.gguf"
  ours=$("${JAVA[@]}" run "$model" "$THREADS" 2>/dev/null | tail -1)
  peer() { (cd bench/llamacpp && node greedy.mjs --model "$model" --threads "$THREADS" "$@" | tail -1); }
  ref_decode=$(peer --bench-decode 16)
  ref_batch=$(peer --bench-batch 8 --tokens 16)
  ref_prefill=$(peer --bench-prefill 512)
  node - "$type" "$BW" "$ONCPU" "$ours" "$ref_decode" "$ref_batch" "$ref_prefill" >> "$report" <<'JS'
const [type, bw, onCpu, ours, d, b, p] = process.argv.slice(2);
const o = JSON.parse(ours), rd = JSON.parse(d), rb = JSON.parse(b), rp = JSON.parse(p);
const ceiling = +bw / +onCpu / o.modelBytes; // tok/s reading every weight once per token
const row = (m, a, r, unit) =>
  `| ${type} | ${m} | ${a.toFixed(2)}${unit} | ${r.toFixed(2)}${unit} | ${(a / r).toFixed(2)} |`;
console.log(row("decode tok/s, batch 1", o.decodeTokensPerSecond, rd.decodeTokensPerSecond, ""));
console.log(row("aggregate tok/s, 8 sequences", o.aggregateTokensPerSecond, rb.aggregateTokensPerSecond, ""));
console.log(row("prefill tok/s, 512 tokens", o.prefillTokensPerSecond, rp.prefillTokensPerSecond, ""));
const peakRef = Math.max(rd.peakRssBytes, rb.peakRssBytes, rp.peakRssBytes);
console.log(row("peak RSS (MiB)", o.peakRssBytes / 2 ** 20, peakRef / 2 ** 20, ""));
console.log(`| ${type} | decode ceiling, tok/s | ${ceiling.toFixed(2)} | | Java ${(100 * o.decodeTokensPerSecond / ceiling).toFixed(0)} %, llama.cpp ${(100 * rd.decodeTokensPerSecond / ceiling).toFixed(0)} % of it |`);
JS
done

cat "$report"
[ -f bench/RESULTS.md ] || printf '# Benchmark results\n' > bench/RESULTS.md
cat "$report" >> bench/RESULTS.md
rm -f "$report"
