package com.bnaura.quota.examples.clinic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/demo/users}: the users and their tokens, for the dashboard's sign-in page, only
 * in demo mode ({@code clinic-demo.enabled}); otherwise a 404 like any path that has no endpoint.
 * Open without a credential, with one rule: an admin's token is listed only to a caller signed
 * in as an admin. Anyone else sees the admin's row with {@code "token": null}; whoever started the
 * app reads that token in its start-up log.
 */
@RestController
class DemoUsersController {

  private final DemoProperties demo;

  DemoUsersController(DemoProperties demo) {
    this.demo = demo;
  }

  @GetMapping("/api/demo/users")
  List<Map<String, Object>> users() {
    if (!demo.enabled()) {
      throw new ApiException(404, "NOT_FOUND", null,
          ErrorText.of("error.no_endpoint", "'/api/demo/users'"));
    }
    boolean admin = Caller.of(SecurityContextHolder.getContext().getAuthentication())
        .map(caller -> caller.role() == Role.ADMIN).orElse(false);
    return demo.users().stream().map(user -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", user.id());
      row.put("name", user.name());
      row.put("role", user.role().name());
      row.put("clinicId", user.clinicId());
      row.put("token", user.role() != Role.ADMIN || admin ? user.token() : null);
      return row;
    }).toList();
  }
}
