/**
 * Who is behind a connection when {@code parley.auth=jwt}: {@link dev.parley.identity.TokenVerifier} turns a JSON Web
 * Token into a {@link dev.parley.domain.Identity} or a {@link dev.parley.identity.TokenRefused} whose reason a client
 * may read; {@link dev.parley.identity.NimbusTokenVerifier} does it with Nimbus JOSE+JWT, its keys pinned to their
 * algorithms ({@code TokenKeys}) and the claims checked by {@code TokenClaims}. Depends on domain and config only.
 */
package dev.parley.identity;
