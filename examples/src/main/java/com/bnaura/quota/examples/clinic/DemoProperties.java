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
   * @param branches the clinic's branches, defined at start-up when the clinic has none of that
   *     id yet (a budget the owner changed is kept)
   */
  public record Clinic(String id, String name, String plan, String overagePolicy,
      List<Branch> branches) {

    /** Copies the branches; an absent list is empty. */
    public Clinic {
      branches = branches == null ? List.of() : List.copyOf(branches);
    }
  }

  /**
   * A demo branch.
   *
   * @param id the branch id
   * @param name the branch's name
   * @param monthlyBudget its monthly budget in units, or {@code null} for none
   * @param staff the user ids of its staff, each with no budget of their own
   * @param staffBudgets budgets of some of its staff by user id, in units
   */
  public record Branch(String id, String name, String monthlyBudget, List<String> staff,
      Map<String, String> staffBudgets) {

    /** Copies the lists; absent ones are empty. */
    public Branch {
      staff = staff == null ? List.of() : List.copyOf(staff);
      staffBudgets = staffBudgets == null ? Map.of() : Map.copyOf(staffBudgets);
    }
  }

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
