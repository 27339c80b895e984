/**
 * Next-token selection: repetition penalty, temperature, top-k, top-p, min-p and a seeded draw,
 * following llama.cpp's definitions of each filter.
 */
package dev.incognito.inference.sampling;
