#!/usr/bin/env bash
# GPU check of the CUDA backend, for a machine with an NVIDIA GPU, its driver (libcuda,
# libnvidia-ml) and NVRTC (libnvrtc, CUDA 12 or 13) on the library path.
#
# WRITTEN BUT NOT YET RUN: it was written on a machine without a GPU. The kernels compile there with
# nvcc (KernelSourcesCompileTest) and the host-side logic is unit-tested, but nothing here has
# executed on a device yet. Expect to fix things on the first run.
#
# Steps: build the jars; build a jlink runtime; run the @Tag("gpu") tests (CUDA logits against the
# CPU backend within 1e-3 relative L2, greedy tokens identical, on ../shared/models) on that
# runtime, failing if they skipped; then measure decode tokens/s against the CPU backend in the same
# run and against the HBM roofline.
#
# Usage: bench/gpu-check.sh [model-for-the-benchmark] [decode-steps]
#   The default model (stories260K, 1 MB) only exercises the path: at that size kernel launches,
#   not memory bandwidth, bound a step. Pass a real GGUF (Q8_0 / Q4_K / F16) for a roofline number.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
MODEL=${1:-$ROOT/../shared/models/stories260K/stories260K.bin}
STEPS=${2:-128}

echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
echo "java: $(java -version 2>&1 | head -1)"

# 1. jars and the test classpath
mvn -B -q -pl inference -am package -DskipTests
mvn -B -q -pl inference dependency:build-classpath -Dmdep.outputFile=target/gpu-check.classpath \
  -Dmdep.includeScope=test >/dev/null
JAR=$(ls inference/target/inference-*.jar | grep -v -e sources -e javadoc | head -1)
CP="$JAR:$(cat inference/target/gpu-check.classpath)"

# 2. a jlink runtime with what the backend needs (JNA wants jdk.unsupported; the single-file
#    benchmark launcher wants jdk.compiler)
rm -rf target/gpu-jre
jlink --add-modules java.base,java.logging,java.desktop,java.management,java.naming,jdk.unsupported,jdk.incubator.vector,jdk.compiler,jdk.zipfs \
  --strip-debug --no-header-files --no-man-pages --output target/gpu-jre
JAVA=$ROOT/target/gpu-jre/bin/java

# 3. the GPU tests, on that runtime; a skip is a failure here
LOG=target/gpu-tests.log
mvn -B -pl inference test -Dgroups=gpu -Djvm="$JAVA" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest='CudaForwardGpuTest' 2>&1 | tee "$LOG"
if grep -E "Tests run: [0-9]+, Failures: 0, Errors: 0, Skipped: [1-9]" "$LOG" | grep -q CudaForwardGpuTest; then
  echo "GPU tests skipped: no usable device seen by the JVM" >&2
  exit 1
fi

# 4. decode throughput: CUDA vs CPU (same run) vs HBM roofline
"$JAVA" --add-modules jdk.incubator.vector -cp "$CP" bench/CudaDecodeBench.java "$MODEL" "$STEPS"
