/**
 * Chat templates: the model's own Jinja template renders a conversation into the prompt text the
 * model was trained on ({@link dev.incognito.inference.template.ChatTemplate}).
 */
package dev.incognito.inference.template;
