package com.bnaura.quota.examples.clinic;

/** Bearer tokens of the demo users of {@code application.yml} that the tests act as. */
final class DemoTokens {

  /** The platform admin, who may act on every clinic. */
  static final String ADMIN = "demo-admin";
  /** Nok, a sales user of siam-skin. */
  static final String SALES_SIAM = "demo-sales-siam";
  /** Dr. Ploy, the owner of siam-skin. */
  static final String OWNER_SIAM = "demo-owner-siam";

  private DemoTokens() {}
}
