package com.bnaura.quota.examples.clinic;

import static com.bnaura.quota.examples.clinic.DemoTokens.ADMIN;
import static com.bnaura.quota.examples.clinic.DemoTokens.OWNER_SIAM;
import static com.bnaura.quota.examples.clinic.DemoTokens.SALES_SIAM;
import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.examples.clinic.TestApi.Answer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * A clinic's branches and staff budgets over real HTTP: the demo clinic's branches on the owner's
 * list, an admin setting a branch and a staff budget that then stops a charge, who may do it, and
 * the 400s that name the field.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:branch-endpoints;DB_CLOSE_DELAY=-1",
    "bnaura.quota.gemini.api-key="})
@Import(TestClockConfiguration.class)
class BranchEndpointsTest extends AbstractAppTest {

  private Answer put(String path, String token, String body, String key)
      throws IOException, InterruptedException {
    return api.call("PUT", path, token, body, "Idempotency-Key", key);
  }

  private static List<String> ids(JsonNode branches) {
    List<String> ids = new ArrayList<>();
    branches.forEach(b -> ids.add(b.get("branchId").asString()));
    return ids;
  }

  @Test
  void theDemoClinicsBranches_areListedForItsOwner_withTheirStaffByName() throws Exception {
    Answer branches = api.get("/api/clinics/siam-skin/branches", OWNER_SIAM);

    assertThat(branches.status()).as(branches.text()).isEqualTo(200);
    assertThat(ids(branches.body())).containsExactly("silom", "sukhumvit");
    JsonNode silom = branches.body().get(0);
    assertThat(silom.get("name").asString()).isEqualTo("Silom");
    assertThat(silom.get("monthlyBudget").decimalValue()).isEqualByComparingTo("120");
    assertThat(silom.get("remaining").decimalValue()).isEqualByComparingTo("120");
    JsonNode sukhumvit = branches.body().get(1);
    assertThat(sukhumvit.get("monthlyBudget").isNull()).isTrue();
    assertThat(sukhumvit.get("staff")).extracting(s -> s.get("name").asString())
        .containsExactly("Dr. Ploy", "Nok");
  }

  @Test
  void aStaffBudgetSetByTheAdmin_stopsTheirNextCharge_namingTheLevelAndTheFix() throws Exception {
    String clinic = freshClinic("professional");
    Answer branch = put("/api/clinics/" + clinic + "/branches/phuket", ADMIN,
        "{\"name\":\"Phuket\",\"monthlyBudget\":50}", "branch-phuket");
    Answer staff = put("/api/clinics/" + clinic + "/staff/admin/branch", ADMIN,
        "{\"branchId\":\"phuket\",\"monthlyBudget\":1}", "staff-admin");
    Answer first = api.post("/api/clinics/" + clinic + "/charges", ADMIN,
        "{\"operation\":\"CLINICAL_ANALYSIS\"}", "Idempotency-Key", "charge-1");
    Answer second = api.post("/api/clinics/" + clinic + "/charges", ADMIN,
        "{\"operation\":\"CLINICAL_ANALYSIS\"}", "Idempotency-Key", "charge-2");
    Answer list = api.get("/api/clinics/" + clinic + "/branches", ADMIN);

    assertThat(branch.status()).as(branch.text()).isEqualTo(200);
    assertThat(branch.field("level")).isEqualTo("BRANCH");
    assertThat(staff.status()).as(staff.text()).isEqualTo(200);
    assertThat(staff.field("branchId")).isEqualTo("phuket");
    assertThat(first.status()).as(first.text()).isEqualTo(201);
    assertThat(second.status()).as(second.text()).isEqualTo(403);
    assertThat(second.field("code")).isEqualTo("QUOTA_EXCEEDED");
    assertThat(second.field("detail")).contains("staff member admin", "owner can raise");
    JsonNode phuket = list.body().get(0);
    assertThat(phuket.get("used").decimalValue()).isEqualByComparingTo("1");
    assertThat(phuket.get("remaining").decimalValue()).isEqualByComparingTo("49");
    assertThat(phuket.get("staff").get(0).get("remaining").decimalValue())
        .isEqualByComparingTo("0");
  }

  @Test
  void sales_mayNeitherReadNorSetBudgets() throws Exception {
    Answer read = api.get("/api/clinics/siam-skin/branches", SALES_SIAM);
    Answer write = put("/api/clinics/siam-skin/branches/silom", SALES_SIAM,
        "{\"name\":\"Silom\",\"monthlyBudget\":9999}", "sales-raise");

    assertThat(read.status()).isEqualTo(403);
    assertThat(write.status()).isEqualTo(403);
    Answer after = api.get("/api/clinics/siam-skin/branches", OWNER_SIAM);
    assertThat(after.body().get(0).get("monthlyBudget").decimalValue())
        .as("unchanged").isEqualByComparingTo("120");
  }

  @Test
  void badValues_areRefusedNamingTheField() throws Exception {
    String clinic = freshClinic("starter");
    Answer negative = put("/api/clinics/" + clinic + "/branches/x", ADMIN,
        "{\"name\":\"X\",\"monthlyBudget\":-1}", "bad-1");
    Answer noName = put("/api/clinics/" + clinic + "/branches/x", ADMIN,
        "{\"monthlyBudget\":1}", "bad-2");
    Answer noBranch = put("/api/clinics/" + clinic + "/staff/admin/branch", ADMIN,
        "{\"branchId\":\"nowhere\"}", "bad-3");

    assertThat(negative.status()).as(negative.text()).isEqualTo(400);
    assertThat(negative.field("field")).isEqualTo("monthlyBudget");
    assertThat(noName.status()).as(noName.text()).isEqualTo(400);
    assertThat(noName.field("field")).isEqualTo("name");
    assertThat(noBranch.status()).as(noBranch.text()).isEqualTo(400);
    assertThat(noBranch.field("field")).isEqualTo("branchId");
    assertThat(api.get("/api/clinics/" + clinic + "/branches", ADMIN).body()).isEmpty();
  }
}
