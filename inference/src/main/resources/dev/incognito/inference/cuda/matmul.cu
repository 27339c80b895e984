// Matrix products over weights kept in ggml's block layouts (llama.cpp ggml-common.h), read in
// place. Compiled at run time by NVRTC; no headers.
//
// W: rows x cols, row r at byte offset r * rowBytes, little-endian blocks.
// x: (batch, cols) f32. y: (batch, rows) f32, y[b][r] = sum_i W[r][i] * x[b][i].
// Launch: block (32, ROWS_PER_BLOCK) - one warp per row; grid (ceil(rows / ROWS_PER_BLOCK),
// ceil(batch / BATCH_TILE)). Each warp reads its row once per BATCH_TILE inputs, so a batched
// decode step of up to BATCH_TILE sequences reads the weights once.

#define ROWS_PER_BLOCK 8
#define BATCH_TILE 8

typedef unsigned char u8;
typedef unsigned short u16;

// Qualifier of the element decoders; a host build that checks them against the CPU decoders
// defines it as __host__ __device__.
#ifndef DECODE
#define DECODE __device__ __forceinline__
#endif

DECODE float f16_to_f32(u16 h) {
#ifdef __CUDA_ARCH__
  float f;
  asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h));
  return f;
#else
  unsigned int sign = (h & 0x8000u) << 16, exp = (h >> 10) & 31, man = h & 0x3ffu, bits;
  if (exp == 31) {
    bits = sign | 0x7f800000u | (man << 13);
  } else if (exp != 0) {
    bits = sign | ((exp + 112) << 23) | (man << 13);
  } else if (man == 0) {
    bits = sign;
  } else {  // subnormal: normalise
    exp = 113;
    while ((man & 0x400u) == 0) {
      man <<= 1;
      exp--;
    }
    bits = sign | (exp << 23) | ((man & 0x3ffu) << 13);
  }
  float f;
  __builtin_memcpy(&f, &bits, 4);
  return f;
#endif
}

DECODE float bf16_to_f32(u16 h) {
  unsigned int bits = ((unsigned int)h) << 16;
#ifdef __CUDA_ARCH__
  return __uint_as_float(bits);
#else
  float f;
  __builtin_memcpy(&f, &bits, 4);
  return f;
#endif
}

DECODE u16 ld16(const u8* p) {
  return *(const u16*)p;  // every 16-bit field sits at an even offset
}

// Element i of a row, one function per block type.

DECODE float el_f32(const u8* row, int i) {
  return ((const float*)row)[i];
}

DECODE float el_f16(const u8* row, int i) {
  return f16_to_f32(((const u16*)row)[i]);
}

DECODE float el_bf16(const u8* row, int i) {
  return bf16_to_f32(((const u16*)row)[i]);
}

// block_q8_0: f16 d, int8 qs[32]; x = d * q.
DECODE float el_q8_0(const u8* row, int i) {
  const u8* b = row + (i >> 5) * 34;
  return f16_to_f32(ld16(b)) * (float)(signed char)b[2 + (i & 31)];
}

// block_q4_0: f16 d, u8 qs[16]; element j < 16 is the low nibble of qs[j], j >= 16 the high
// nibble of qs[j - 16]; x = d * (q - 8).
DECODE float el_q4_0(const u8* row, int i) {
  const u8* b = row + (i >> 5) * 18;
  int j = i & 31;
  int q = b[2 + (j & 15)];
  q = j < 16 ? (q & 15) : (q >> 4);
  return f16_to_f32(ld16(b)) * (float)(q - 8);
}

// get_scale_min_k4 of ggml-quants.c: 6-bit scale and min j of 8, packed in 12 bytes.
DECODE void scale_min_k4(int j, const u8* q, int* sc, int* m) {
  if (j < 4) {
    *sc = q[j] & 63;
    *m = q[j + 4] & 63;
  } else {
    *sc = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
    *m = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
  }
}

// block_q4_K (144 bytes): f16 d, f16 dmin, u8 scales[12], u8 qs[128]. In each 64-element group g,
// elements 0..31 are the low nibbles of qs[32g ..], 32..63 the high nibbles; sub-block is = i / 32.
DECODE float el_q4_k(const u8* row, int i) {
  const u8* b = row + (i >> 8) * 144;
  int e = i & 255;
  int g = e >> 6;
  int l = e & 63;
  int is = e >> 5;
  int sc, m;
  scale_min_k4(is, b + 4, &sc, &m);
  int q = b[16 + 32 * g + (l & 31)];
  q = l < 32 ? (q & 15) : (q >> 4);
  return f16_to_f32(ld16(b)) * (float)sc * (float)q - f16_to_f32(ld16(b + 2)) * (float)m;
}

// block_q6_K (210 bytes): u8 ql[128], u8 qh[64], int8 scales[16], f16 d; x = d * sc * (q - 32).
DECODE float el_q6_k(const u8* row, int i) {
  const u8* b = row + (i >> 8) * 210;
  int e = i & 255;
  int half = e >> 7;
  int r = e & 127;
  int quarter = r >> 5;
  int l = r & 31;
  const u8* ql = b + 64 * half;
  const u8* qh = b + 128 + 32 * half;
  const signed char* sc = (const signed char*)(b + 192 + 8 * half);
  int lo = (quarter & 1) ? ql[l + 32] : ql[l];
  lo = (quarter & 2) ? (lo >> 4) : (lo & 15);
  int hi = (qh[l] >> (2 * quarter)) & 3;
  int q = (lo | (hi << 4)) - 32;
  return f16_to_f32(ld16(b + 208)) * (float)sc[(l >> 4) + 2 * quarter] * (float)q;
}

__device__ __forceinline__ float warp_sum(float v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

#define MATMUL(NAME, EL)                                                                    \
  extern "C" __global__ void NAME(const u8* __restrict__ w, unsigned long long rowBytes,    \
                                  int rows, int cols, const float* __restrict__ x,          \
                                  float* __restrict__ y, int batch) {                       \
    int r = blockIdx.x * ROWS_PER_BLOCK + threadIdx.y;                                      \
    int b0 = blockIdx.y * BATCH_TILE;                                                       \
    if (r >= rows) return;                                                                  \
    int nb = min(BATCH_TILE, batch - b0);                                                   \
    const u8* row = w + (unsigned long long)r * rowBytes;                                   \
    float acc[BATCH_TILE];                                                                  \
    _Pragma("unroll") for (int b = 0; b < BATCH_TILE; b++) acc[b] = 0.f;                    \
    for (int i = threadIdx.x; i < cols; i += 32) {                                          \
      float wv = EL(row, i);                                                                \
      _Pragma("unroll") for (int b = 0; b < BATCH_TILE; b++) {                              \
        if (b < nb) acc[b] += wv * x[(unsigned long long)(b0 + b) * cols + i];              \
      }                                                                                     \
    }                                                                                       \
    _Pragma("unroll") for (int b = 0; b < BATCH_TILE; b++) {                                \
      float s = warp_sum(acc[b]);                                                           \
      if (b < nb && threadIdx.x == 0) y[(unsigned long long)(b0 + b) * rows + r] = s;       \
    }                                                                                       \
  }

MATMUL(matmul_f32, el_f32)
MATMUL(matmul_f16, el_f16)
MATMUL(matmul_bf16, el_bf16)
MATMUL(matmul_q8_0, el_q8_0)
MATMUL(matmul_q4_0, el_q4_0)
MATMUL(matmul_q4_k, el_q4_k)
MATMUL(matmul_q6_k, el_q6_k)

// Embedding lookup: out[b][i] = E[tokens[b]][i] for i < cols. Launch: grid (ceil(cols / 256),
// batch), block 256.
#define EMBED(NAME, EL)                                                                      \
  extern "C" __global__ void NAME(const u8* __restrict__ w, unsigned long long rowBytes,     \
                                  int cols, const int* __restrict__ tokens,                  \
                                  float* __restrict__ out) {                                 \
    int i = blockIdx.x * blockDim.x + threadIdx.x;                                           \
    int b = blockIdx.y;                                                                      \
    if (i >= cols) return;                                                                   \
    out[(unsigned long long)b * cols + i] =                                                  \
        EL(w + (unsigned long long)tokens[b] * rowBytes, i);                                 \
  }

EMBED(embed_f32, el_f32)
EMBED(embed_f16, el_f16)
EMBED(embed_bf16, el_bf16)
EMBED(embed_q8_0, el_q8_0)
EMBED(embed_q4_0, el_q4_0)
EMBED(embed_q4_k, el_q4_k)
EMBED(embed_q6_k, el_q6_k)
