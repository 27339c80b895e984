/**
 * The coordinator: a stateless session bean that serves the inner OpenAI-compatible API for the
 * gateway. It applies the safety policy to the conversation and to the answer, asks the predictor
 * (the JCA resource adapter) for a completion, and signs a receipt over the request and the answer
 * with the receipt key whose public half the attestation bundle carries. It keeps nothing between
 * requests and wipes the answer buffers it owns when a request ends.
 */
package dev.incognito.coordinator;
