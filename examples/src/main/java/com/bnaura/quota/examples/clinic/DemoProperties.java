package com.bnaura.quota.examples.clinic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The demo clinics and users ({@code clinic-demo.*} in {@code application.yml}).
 *
 * @param clinics the clinics registered at start-up (registration is idempotent)
 * @param users the users who may call the API, each with a bearer token
 * @param enabled demo mode ({@code clinic-demo.enabled}): {@code GET /api/demo/users} lists the
 *     users and their tokens for the dashboard's sign-in page (the admin's only to the admin),
 *     and the start-up log prints them. Off unless set; the app's own {@code application.yml}
 *     sets it, and a deployment turns it off with {@code CLINIC_DEMO_ENABLED=false}. The users
 *     and their tokens authenticate either way.
 */
@ConfigurationProperties("clinic-demo")
public record DemoProperties(List<Clinic> clinics, List<User> users, boolean enabled) {

  /** Copies the lists; absent lists are empty. */
  public DemoProperties {
    clinics = clinics == null ? List.of() : List.copyOf(clinics);
    users = users == null ? List.of() : List.copyOf(users);
  }

  /**
   * The names of the users the app knows, by id: the clinic's staff and the admins.
   *
   * @param clinic the clinic
   * @return each user's name by user id
   */
  public Map<String, String> staffNames(String clinic) {
    Map<String, String> names = new LinkedHashMap<>();
    for (User user : users) {
      if (user.clinicId() == null || clinic.equals(user.clinicId())) {
        names.put(user.id(), user.name());
      }
    }
    return names;
  }

  /**
   * A demo clinic.
   *
   * @param id the clinic id
   * @param name the clinic's display name
   * @param plan the plan id of the catalog
   * @param overagePolicy {@code BLOCK}, {@code CONSENT} or {@code AUTO}; blank for the plan's
   */
  public record Clinic(String id, String name, String plan, String overagePolicy) {}

  /**
   * A demo user.
   *
   * @param id the user id, recorded with every scan they run
   * @param name the display name
   * @param role what they may do
   * @param clinicId their clinic; blank for an admin
   * @param token their bearer token (also accepted as {@code X-API-Key})
   */
  public record User(String id, String name, Role role, String clinicId, String token) {

    /** The token is left out. */
    @Override
    public String toString() {
      return "User{id=" + id + ", role=" + role + ", clinicId=" + clinicId + "}";
    }
  }
}
