/**
 * Tokenizers: text to token ids and back ({@link dev.incognito.inference.tokenizer.Tokenizer}),
 * built by {@link dev.incognito.inference.tokenizer.Tokenizers} from GGUF metadata, Hugging Face
 * {@code tokenizer.json} or llama2.c {@code tokenizer.bin}, matching llama.cpp's and Hugging Face's
 * tokenisation.
 */
package dev.incognito.inference.tokenizer;
