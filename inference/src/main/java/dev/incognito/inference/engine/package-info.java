/**
 * The local inference engine: {@link dev.incognito.inference.engine.Engine} loads a model (GGUF, a
 * Hugging Face folder, a llama2.c checkpoint, or the built-in demo model) and serves {@link
 * dev.incognito.inference.api.CompletionRequest}s from many threads, decoding every active sequence
 * together on one thread (continuous batching) with chunked prefill, stop strings, UTF-8-safe
 * streaming and a KV cache cleared when each request ends. The JCA resource adapter and the {@code
 * incognito generate} command wrap it.
 */
package dev.incognito.inference.engine;
