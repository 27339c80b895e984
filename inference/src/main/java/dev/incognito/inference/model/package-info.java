/**
 * Llama-family decoders on the CPU: loading and the forward pass.
 *
 * <p>{@link dev.incognito.inference.model.LlamaModel#load} reads a llama2.c checkpoint, a Hugging
 * Face folder ({@code config.json} + safetensors) or a GGUF file into an immutable model shared by
 * all requests, with its {@link dev.incognito.inference.model.ModelConfig} and the SHA-256 of its
 * weight files. Each request owns a {@link dev.incognito.inference.model.Sequence} (its key/value
 * cache); {@code prefill} pushes a prompt through in chunks and {@code decode} advances several
 * sequences by one token in one pass over the weights. Malformed, truncated or hostile files fail
 * with {@link dev.incognito.inference.model.ModelFormatException} naming the file; every size read
 * from a file is capped by a named constant.
 */
package dev.incognito.inference.model;
