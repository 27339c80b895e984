// Element-wise and row-wise layers of a Llama-family decoder, f32. Compiled at run time by NVRTC.
// Shapes in comments are (rows, columns), row-major.

#define NORM_THREADS 256
#define NEG_INF __int_as_float(0xff800000)

__device__ __forceinline__ float warp_sum(float v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

__device__ __forceinline__ float warp_max(float v) {
  for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}

// Sum of v over a block of NORM_THREADS threads, returned to every thread.
__device__ float block_sum(float v) {
  __shared__ float part[NORM_THREADS / 32];
  v = warp_sum(v);
  if ((threadIdx.x & 31) == 0) part[threadIdx.x >> 5] = v;
  __syncthreads();
  float s = 0.f;
  for (int i = 0; i < NORM_THREADS / 32; i++) s += part[i];
  __syncthreads();
  return s;
}

__device__ float block_max(float v) {
  __shared__ float part[NORM_THREADS / 32];
  v = warp_max(v);
  if ((threadIdx.x & 31) == 0) part[threadIdx.x >> 5] = v;
  __syncthreads();
  float m = part[0];
  for (int i = 1; i < NORM_THREADS / 32; i++) m = fmaxf(m, part[i]);
  __syncthreads();
  return m;
}

// RMSNorm: out[b] = x[b] / sqrt(mean(x[b]^2) + eps) * weight. x, out: (batch, n); weight: (n).
// Launch: grid (batch), block NORM_THREADS.
extern "C" __global__ void rms_norm(const float* __restrict__ x, const float* __restrict__ weight,
                                    float* __restrict__ out, int n, float eps) {
  const float* xr = x + (unsigned long long)blockIdx.x * n;
  float* o = out + (unsigned long long)blockIdx.x * n;
  float ss = 0.f;
  for (int i = threadIdx.x; i < n; i += NORM_THREADS) ss += xr[i] * xr[i];
  ss = block_sum(ss);
  float inv = rsqrtf(ss / n + eps);
  for (int i = threadIdx.x; i < n; i += NORM_THREADS) o[i] = xr[i] * inv * weight[i];
}

// RoPE in place. v: (batch, heads * headDim); pos: (batch) positions; freqs: (headDim / 2)
// inverse frequencies in radians per position, already scaled. interleaved != 0 rotates pairs
// (2j, 2j + 1) (llama2.c, Meta); else (j, j + headDim / 2) (Hugging Face "rotate half").
// Launch: grid (ceil(heads * headDim / 2 / 256), batch), block 256.
extern "C" __global__ void rope(float* __restrict__ v, const int* __restrict__ pos,
                                const double* __restrict__ freqs, int heads, int headDim,
                                int interleaved) {
  int half = headDim / 2;
  int t = blockIdx.x * blockDim.x + threadIdx.x;
  if (t >= heads * half) return;
  int h = t / half;
  int j = t % half;
  double s, c;
  sincos((double)pos[blockIdx.y] * freqs[j], &s, &c);
  float* base = v + (unsigned long long)blockIdx.y * heads * headDim + h * headDim;
  int a = interleaved ? 2 * j : j;
  int b = interleaved ? a + 1 : a + half;
  float v0 = base[a];
  float v1 = base[b];
  base[a] = v0 * (float)c - v1 * (float)s;
  base[b] = v0 * (float)s + v1 * (float)c;
}

// acc[i] += v[i] for i < n.
extern "C" __global__ void add(float* __restrict__ acc, const float* __restrict__ v,
                               unsigned long long n) {
  unsigned long long i = (unsigned long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) acc[i] += v[i];
}

// x[b][i] += bias[i]; x: (batch, n). Launch: grid (ceil(n / 256), batch), block 256.
extern "C" __global__ void add_bias(float* __restrict__ x, const float* __restrict__ bias, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[(unsigned long long)blockIdx.y * n + i] += bias[i];
}

// SwiGLU: gate[i] = silu(gate[i]) * up[i] for i < n.
extern "C" __global__ void swiglu(float* __restrict__ gate, const float* __restrict__ up,
                                  unsigned long long n) {
  unsigned long long i = (unsigned long long)blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    float g = gate[i];
    gate[i] = g / (1.f + expf(-g)) * up[i];
  }
}

// Stores this step's keys and values. k, v: (batch, kvDim). Row b goes to position pos[b] of the
// cache at cache[b]: per layer, keys (capacity[b], kvDim) then values (capacity[b], kvDim), layers
// one after another. Launch: grid (ceil(kvDim / 256), batch), block 256.
extern "C" __global__ void kv_store(const float* __restrict__ k, const float* __restrict__ v,
                                    const unsigned long long* __restrict__ cache,
                                    const int* __restrict__ capacity, const int* __restrict__ pos,
                                    int layer, int kvDim) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int b = blockIdx.y;
  if (i >= kvDim) return;
  unsigned long long plane = (unsigned long long)capacity[b] * kvDim;
  float* keys = (float*)cache[b] + 2ull * layer * plane;
  float* values = keys + plane;
  keys[(unsigned long long)pos[b] * kvDim + i] = k[(unsigned long long)b * kvDim + i];
  values[(unsigned long long)pos[b] * kvDim + i] = v[(unsigned long long)b * kvDim + i];
}

// Softmax of each row in place, with temperature: x[b] = softmax(x[b] / temperature). x: (batch,
// n). Launch: grid (batch), block NORM_THREADS.
extern "C" __global__ void softmax(float* __restrict__ x, int n, float temperature) {
  float* r = x + (unsigned long long)blockIdx.x * n;
  float inv = 1.f / temperature;
  float m = NEG_INF;
  for (int i = threadIdx.x; i < n; i += NORM_THREADS) m = fmaxf(m, r[i] * inv);
  m = block_max(m);
  float s = 0.f;
  for (int i = threadIdx.x; i < n; i += NORM_THREADS) {
    float e = expf(r[i] * inv - m);
    r[i] = e;
    s += e;
  }
  s = block_sum(s);
  for (int i = threadIdx.x; i < n; i += NORM_THREADS) r[i] /= s;
}

// Greedy sampling: out[b] = the smallest index of the largest entry of x[b]. x: (batch, n).
// Launch: grid (batch), block NORM_THREADS.
extern "C" __global__ void argmax(const float* __restrict__ x, int n, int* __restrict__ out) {
  __shared__ float bestV[NORM_THREADS];
  __shared__ int bestI[NORM_THREADS];
  const float* r = x + (unsigned long long)blockIdx.x * n;
  float bv = NEG_INF;
  int bi = 0x7fffffff;
  for (int i = threadIdx.x; i < n; i += NORM_THREADS) {
    float v = r[i];
    if (v > bv) {
      bv = v;
      bi = i;
    }
  }
  bestV[threadIdx.x] = bv;
  bestI[threadIdx.x] = bi;
  __syncthreads();
  for (int s = NORM_THREADS / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) {
      float ov = bestV[threadIdx.x + s];
      int oi = bestI[threadIdx.x + s];
      if (ov > bestV[threadIdx.x] || (ov == bestV[threadIdx.x] && oi < bestI[threadIdx.x])) {
        bestV[threadIdx.x] = ov;
        bestI[threadIdx.x] = oi;
      }
    }
    __syncthreads();
  }
  if (threadIdx.x == 0) out[blockIdx.x] = bestI[0] == 0x7fffffff ? 0 : bestI[0];
}
