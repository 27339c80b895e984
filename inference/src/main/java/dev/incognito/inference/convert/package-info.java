/**
 * Conversion to GGUF (F32, Q8_0) from llama2.c checkpoints and Hugging Face Llama folders, with the
 * tokenizer in the metadata, so that llama.cpp and this engine run the same weights.
 */
package dev.incognito.inference.convert;
