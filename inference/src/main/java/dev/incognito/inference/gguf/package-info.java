/**
 * GGUF, the weight file format of ggml and llama.cpp (ggml {@code docs/gguf.md}): {@link
 * dev.incognito.inference.gguf.GgufFile} reads versions 2 and 3 with memory-mapped tensor data,
 * {@link dev.incognito.inference.gguf.GgufWriter} writes version 3.
 */
package dev.incognito.inference.gguf;
