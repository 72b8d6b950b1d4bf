package com.bnaura.quota.examples.clinic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/demo/users}: the demo users and their tokens, for the dashboard's sign-in page.
 * Open without a credential, and only while {@code clinic-demo.show-credentials} is true.
 */
@RestController
class DemoUsersController {

  private final DemoProperties demo;

  DemoUsersController(DemoProperties demo) {
    this.demo = demo;
  }

  @GetMapping("/api/demo/users")
  List<Map<String, Object>> users() {
    if (!demo.showCredentials()) {
      throw new ApiException(404, "NOT_FOUND", null, "the demo users are not listed here");
    }
    return demo.users().stream().map(user -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", user.id());
      row.put("name", user.name());
      row.put("role", user.role().name());
      row.put("clinicId", user.clinicId());
      row.put("token", user.token());
      return row;
    }).toList();
  }
}
