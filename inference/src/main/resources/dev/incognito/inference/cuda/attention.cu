// Causal grouped-query attention over a per-sequence f32 KV cache. Compiled at run time by NVRTC.
//
// Cache of one sequence (base address cache[b], capacity positions): per layer, keys (capacity,
// kvDim) then values (capacity, kvDim), layers one after another. kvDim = kvHeads * headDim;
// query head h reads KV head h / (heads / kvHeads). headDim <= MAX_HEAD_DIM; lane l holds dimensions l, l + 32, ... of a head.

#define MAX_HEAD_DIM 256
#define PER_LANE (MAX_HEAD_DIM / 32)
#define DECODE_WARPS 4
#define NEG_INF __int_as_float(0xff800000)

__device__ __forceinline__ float warp_sum(float v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

// Decode: one query row per sequence. q: (batch, heads * headDim); out: same shape. Row b attends
// positions 0..pos[b] of its cache. Launch: grid (heads, batch), block (32, DECODE_WARPS).
// Warp w takes positions w, w + DECODE_WARPS, ... with an online softmax (running max m and sum
// s); the warps' partial results are merged at the end.
extern "C" __global__ void attention_decode(const float* __restrict__ q, float* __restrict__ out,
                                            const unsigned long long* __restrict__ cache,
                                            const int* __restrict__ capacity,
                                            const int* __restrict__ pos, int layer, int heads,
                                            int kvHeads, int headDim) {
  __shared__ float wm[DECODE_WARPS];
  __shared__ float ws[DECODE_WARPS];
  __shared__ float wacc[DECODE_WARPS][MAX_HEAD_DIM];
  int h = blockIdx.x;
  int b = blockIdx.y;
  int lane = threadIdx.x;
  int warp = threadIdx.y;
  int kvDim = kvHeads * headDim;
  int kvOff = (h / (heads / kvHeads)) * headDim;
  int per = (headDim + 31) / 32;
  unsigned long long plane = (unsigned long long)capacity[b] * kvDim;
  const float* keys = (const float*)cache[b] + 2ull * layer * plane;
  const float* values = keys + plane;
  const float* qr = q + (unsigned long long)b * heads * headDim + h * headDim;
  float scale = rsqrtf((float)headDim);

  float qv[PER_LANE];
  float acc[PER_LANE];
  for (int j = 0; j < PER_LANE; j++) {
    qv[j] = lane + 32 * j < headDim ? qr[lane + 32 * j] : 0.f;
    acc[j] = 0.f;
  }
  float m = NEG_INF;
  float s = 0.f;
  for (int t = warp; t <= pos[b]; t += DECODE_WARPS) {
    const float* kr = keys + (unsigned long long)t * kvDim + kvOff;
    float d = 0.f;
    for (int j = 0; j < per; j++) d += lane + 32 * j < headDim ? qv[j] * kr[lane + 32 * j] : 0.f;
    float score = warp_sum(d) * scale;
    float nm = fmaxf(m, score);
    float corr = expf(m - nm);
    float p = expf(score - nm);
    s = s * corr + p;
    const float* vr = values + (unsigned long long)t * kvDim + kvOff;
    for (int j = 0; j < per; j++)
      if (lane + 32 * j < headDim) acc[j] = acc[j] * corr + p * vr[lane + 32 * j];
    m = nm;
  }
  if (lane == 0) {
    wm[warp] = m;
    ws[warp] = s;
  }
  for (int j = 0; j < per; j++) wacc[warp][lane + 32 * j] = acc[j];  // MAX_HEAD_DIM is a multiple of 32
  __syncthreads();
  if (warp == 0) {
    float gm = NEG_INF;
    for (int w = 0; w < DECODE_WARPS; w++) gm = fmaxf(gm, wm[w]);
    float gs = 0.f;
    float f[DECODE_WARPS];
    for (int w = 0; w < DECODE_WARPS; w++) {
      f[w] = ws[w] > 0.f ? expf(wm[w] - gm) : 0.f;  // a warp with no positions adds nothing
      gs += ws[w] * f[w];
    }
    float* o = out + (unsigned long long)b * heads * headDim + h * headDim;
    for (int j = 0; j < per; j++) {
      float v = 0.f;
      for (int w = 0; w < DECODE_WARPS; w++) v += wacc[w][lane + 32 * j] * f[w];
      if (lane + 32 * j < headDim) o[lane + 32 * j] = v / gs;
    }
  }
}

#define PREFILL_ROWS 8
#define PREFILL_TILE 16

// Prefill, FlashAttention-style: the n query rows of ONE sequence at positions pos0 .. pos0+n-1,
// their keys and values already in the cache. q, out: (n, heads * headDim). Each block takes
// PREFILL_ROWS consecutive query rows of one head (a warp per row) and walks the keys in tiles of
// PREFILL_TILE positions staged in shared memory, keeping an online softmax per row, so scores
// are never materialised. Launch: grid (ceil(n / PREFILL_ROWS), heads), block (32, PREFILL_ROWS).
extern "C" __global__ void attention_prefill(const float* __restrict__ q, float* __restrict__ out,
                                             const float* __restrict__ cacheBase, int capacity,
                                             int pos0, int n, int layer, int heads, int kvHeads,
                                             int headDim) {
  __shared__ float kt[PREFILL_TILE][MAX_HEAD_DIM];
  __shared__ float vt[PREFILL_TILE][MAX_HEAD_DIM];
  int h = blockIdx.y;
  int lane = threadIdx.x;
  int warp = threadIdx.y;
  int row = blockIdx.x * PREFILL_ROWS + warp;
  int kvDim = kvHeads * headDim;
  int kvOff = (h / (heads / kvHeads)) * headDim;
  int per = (headDim + 31) / 32;
  unsigned long long plane = (unsigned long long)capacity * kvDim;
  const float* keys = cacheBase + 2ull * layer * plane;
  const float* values = keys + plane;
  float scale = rsqrtf((float)headDim);
  bool active = row < n;
  int myPos = pos0 + (active ? row : n - 1);
  int lastRow = min(n - 1, (int)(blockIdx.x * PREFILL_ROWS + PREFILL_ROWS - 1));
  int blockEnd = pos0 + lastRow;  // last key position any row of this block needs

  float qv[PER_LANE];
  float acc[PER_LANE];
  const float* qr = q + (unsigned long long)(active ? row : 0) * heads * headDim + h * headDim;
  for (int j = 0; j < PER_LANE; j++) {
    qv[j] = lane + 32 * j < headDim ? qr[lane + 32 * j] : 0.f;
    acc[j] = 0.f;
  }
  float m = NEG_INF;
  float s = 0.f;
  int tid = warp * 32 + lane;
  for (int t0 = 0; t0 <= blockEnd; t0 += PREFILL_TILE) {
    int tn = min(PREFILL_TILE, blockEnd + 1 - t0);
    for (int e = tid; e < tn * headDim; e += 32 * PREFILL_ROWS) {
      int r = e / headDim;
      int c = e % headDim;
      kt[r][c] = keys[(unsigned long long)(t0 + r) * kvDim + kvOff + c];
      vt[r][c] = values[(unsigned long long)(t0 + r) * kvDim + kvOff + c];
    }
    __syncthreads();
    for (int r = 0; r < tn && t0 + r <= myPos; r++) {
      float d = 0.f;
      for (int j = 0; j < per; j++) d += lane + 32 * j < headDim ? qv[j] * kt[r][lane + 32 * j] : 0.f;
      float score = warp_sum(d) * scale;
      float nm = fmaxf(m, score);
      float corr = expf(m - nm);
      float p = expf(score - nm);
      s = s * corr + p;
      for (int j = 0; j < per; j++)
        if (lane + 32 * j < headDim) acc[j] = acc[j] * corr + p * vt[r][lane + 32 * j];
      m = nm;
    }
    __syncthreads();
  }
  if (active) {
    float* o = out + (unsigned long long)row * heads * headDim + h * headDim;
    for (int j = 0; j < per; j++)
      if (lane + 32 * j < headDim) o[lane + 32 * j] = acc[j] / s;
  }
}
