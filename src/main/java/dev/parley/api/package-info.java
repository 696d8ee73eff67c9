/**
 * The HTTP API under {@code /api} (Jakarta REST): publish into rooms, list rooms, read history. Every request needs
 * the configured bearer token ({@link dev.parley.api.BearerTokenFilter}); without one configured the API answers 404.
 * Only its description, {@code /api/openapi.json} ({@link dev.parley.api.OpenApiResource}), is public. Refusals are
 * JSON {@code {"code", "message"}} bodies ({@link dev.parley.api.ApiError}). The chat's rules stay in
 * {@link dev.parley.application.ChatService}; this package only translates HTTP to calls on it.
 */
package dev.parley.api;
