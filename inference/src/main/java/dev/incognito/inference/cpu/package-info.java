/**
 * Weight tensors and the CPU kernels that read them.
 *
 * <p>A {@link dev.incognito.inference.cpu.Tensor} is a row-major matrix of ggml blocks ({@link
 * dev.incognito.inference.cpu.TensorType}: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K, laid out as in
 * llama.cpp's {@code ggml-common.h}) over a memory-mapped or heap buffer. Rows are dotted with
 * float activations block by block, never dequantising a whole tensor. {@link
 * dev.incognito.inference.cpu.Kernels} has a scalar implementation and one on the Vector API
 * ({@code jdk.incubator.vector}), chosen at run time: a JVM without that module gets the scalar
 * one, and {@code -Dincognito.inference.simd=false} forces it. {@link
 * dev.incognito.inference.cpu.CpuBackend} splits the rows of each product over a fixed thread pool
 * and lets one pass over the weights serve several activation vectors (batched decoding, prompt
 * chunks).
 */
package dev.incognito.inference.cpu;
