package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.ClinicRegistration;
import com.bnaura.quota.QuotaService;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A test of the clinic app running on a random port: its port, a {@link TestApi} client of it,
 * its quota service, and clinics of the test's own. Each subclass keeps its own
 * {@code @SpringBootTest} properties, and with them its own application context.
 */
abstract class AbstractAppTest {

  @LocalServerPort
  int port;

  @Autowired
  QuotaService quotas;

  TestApi api;

  @BeforeEach
  void connect() {
    api = new TestApi(port);
  }

  /** A clinic of the test's own on the plan, reachable with the admin token. */
  String freshClinic(String plan) {
    String id = "t-" + UUID.randomUUID().toString().substring(0, 8);
    quotas.registerClinic(ClinicRegistration.builder(id, plan).build());
    return id;
  }
}
