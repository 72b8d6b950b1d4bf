package com.bnaura.quota.examples.clinic;

import java.util.Arrays;
import java.util.Optional;
import org.springframework.security.core.Authentication;

/**
 * The signed-in user of one request, with the checks every endpoint makes.
 *
 * @param user the user their credential belongs to
 */
public record Caller(DemoProperties.User user) {

  /**
   * The caller Spring Security authenticated ({@link BearerTokens}), if any.
   *
   * @param authentication the request's authentication, or {@code null}
   * @return the caller, empty for no or an anonymous authentication
   */
  static Optional<Caller> of(Authentication authentication) {
    return authentication != null && authentication.isAuthenticated()
        && authentication.getPrincipal() instanceof DemoProperties.User user
        ? Optional.of(new Caller(user)) : Optional.empty();
  }

  /** The user's id. */
  public String id() {
    return user.id();
  }

  /** The user's role. */
  public Role role() {
    return user.role();
  }

  /**
   * Checks that this caller may see and act on the clinic. Another clinic's id answers as if the
   * clinic did not exist: a sales person or owner learns nothing about other clinics.
   *
   * @param clinicId the clinic of the request
   * @return the clinic id
   * @throws ApiException 400 if the id is missing, 404 {@code UNKNOWN_CLINIC} for another clinic
   */
  public String clinic(String clinicId) {
    if (clinicId == null || clinicId.isBlank()) {
      throw ApiException.invalid("clinicId", "error.clinic.required");
    }
    if (role() != Role.ADMIN && !clinicId.equals(user.clinicId())) {
      throw new ApiException(404, "UNKNOWN_CLINIC", "clinicId",
          ErrorText.of("error.clinic.unknown", HttpErrors.echo(clinicId)));
    }
    return clinicId;
  }

  /**
   * The clinic of the request, or the caller's own clinic when the request names none.
   *
   * @param clinicId the clinic of the request, or {@code null}
   * @return the clinic id
   */
  public String clinicOrOwn(String clinicId) {
    return clinic(clinicId == null && role() != Role.ADMIN ? user.clinicId() : clinicId);
  }

  /**
   * Checks the caller's role.
   *
   * @param allowed the roles that may do this
   * @throws ApiException 403 {@code ROLE_NOT_ALLOWED} otherwise
   */
  public void require(Role... allowed) {
    if (!Arrays.asList(allowed).contains(role())) {
      throw new ApiException(403, "ROLE_NOT_ALLOWED", null,
          ErrorText.of("error.auth.role_takes", role(), Arrays.toString(allowed)));
    }
  }
}
