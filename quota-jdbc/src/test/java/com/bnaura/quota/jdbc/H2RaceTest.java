package com.bnaura.quota.jdbc;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.RaceContract;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JDBC store on an in-memory H2 database wins the rollover, expiry and hot-read races. */
final class H2RaceTest extends RaceContract {
  @RegisterExtension
  static final SharedStore DATABASE = SharedStore.h2();

  @Override
  protected QuotaStore newStore() {
    return DATABASE.emptied();
  }

  /**
   * The hot-clinic race, again and again: a lost update on H2 would show in some runs of the race,
   * not in every one.
   */
  @RepeatedTest(12)
  void hotClinicDrainedWhileRead_repeatedly() throws Exception {
    hotClinicDrainedWhileRead_neverShowsBrokenConservation();
  }
}
