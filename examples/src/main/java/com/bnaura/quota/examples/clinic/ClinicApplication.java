package com.bnaura.quota.examples.clinic;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Starts the clinic app: the quota service from the starter, the demo clinics and users, the API
 * and the dashboard.
 */
@SpringBootApplication
@EnableConfigurationProperties(DemoProperties.class)
public class ClinicApplication {

  /** The one clock of the app; the quota service takes it, and tests replace it. */
  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * Starts the app.
   *
   * @param args Spring Boot arguments, such as {@code --server.port=9090}
   */
  public static void main(String[] args) {
    SpringApplication.run(ClinicApplication.class, args);
  }
}
