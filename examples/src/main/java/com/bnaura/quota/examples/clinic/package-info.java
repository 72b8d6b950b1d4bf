/**
 * The clinic app: a Spring Boot web application on Aura Quota's starter. It serves the old
 * system's HTTP API (so its clients keep working), clean resource endpoints described by an OpenAPI
 * document, and a dashboard in Thai and English for sales staff, clinic owners and platform admins.
 *
 * <p>Run it with {@code ./mvnw -pl examples -am spring-boot:run}; it starts on an H2 file database
 * under {@code ./data} and, without {@code GOOGLE_AI_API_KEY}, analyses faces with the offline
 * demo analyzer. Spring Security admits the configured users by their bearer tokens ({@link
 * SecurityConfiguration}); errors are problem details on the resource endpoints and the old
 * bodies on the old ones ({@link HttpErrors}).
 */
package com.bnaura.quota.examples.clinic;
