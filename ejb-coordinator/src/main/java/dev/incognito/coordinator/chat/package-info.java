/**
 * The inner API's wire formats: OpenAI-compatible chat completions ({@code POST
 * /v1/chat/completions}) and models ({@code GET /v1/models}), with their errors ({@code {"error":
 * {"message", "type", "code"}}}). Requests are validated by rejecting, never clamping
 * (ARCHITECTURE.md, pinned item 6).
 *
 * <p>Incognito's additions travel under an {@code "incognito"} member: in a request, {@code
 * "incognito": {"nonce": "<base64url, at most 64 bytes>"}} is the device's receipt nonce; in a
 * response, {@code "incognito": {"receipt": {...}, "demo": bool, "notice": "...", "refusal":
 * "<category>"}}.
 */
package dev.incognito.coordinator.chat;
