package com.bnaura.quota;

import com.bnaura.quota.model.OveragePolicy;

/**
 * The settings of a clinic's account, for {@link QuotaService#registerClinic}.
 *
 * <p>A registration describes the whole account: a field left {@code null} means its default (the
 * service's zone and reset day, the plan's overage policy and per-request limits, no cap).
 * Registering a clinic again with the same settings answers {@link Registered} with {@code
 * created=false} and changes nothing; a registration whose plan or any setting differs from the
 * stored account is refused with {@link RefusalCode#REGISTRATION_CONFLICT} naming the first
 * differing field. Change a plan with {@link QuotaService#changePlan} and the other settings with
 * {@link QuotaService#updateSettings}.
 *
 * <pre>{@code
 * quotas.registerClinic(ClinicRegistration.builder("clinic-42", "professional")
 *     .zone("Asia/Bangkok")
 *     .anchorDay(15)                       // reset on the 15th instead of the 1st
 *     .overagePolicy(OveragePolicy.AUTO)   // pay as you go
 *     .overageCap("5000.00")               // at most ฿5,000 overage a period
 *     .maxUnitsPerRequest("20")            // no single request above 20 units
 *     .maxOveragePerRequest("600")         // nor above ฿600 of overage
 *     .build());
 * }</pre>
 *
 * @param clinicId the clinic
 * @param plan the plan id
 * @param zone the IANA zone its periods are computed in, or {@code null} for the service default
 *     ({@code Asia/Bangkok})
 * @param anchorDay the day of month the allowance resets ({@code 1} = calendar month), or {@code
 *     null} for the service default
 * @param overagePolicy the clinic's own overage policy, or {@code null} for the plan's default
 * @param overageCap the money ceiling on overage per period as a decimal, or {@code null} for none
 * @param maxUnitsPerRequest the most units one request may ask for, as a decimal ({@code "20"},
 *     {@code "0.5"}), or {@code null} for the plan's (see {@link
 *     com.bnaura.quota.model.RequestLimits})
 * @param maxOveragePerRequest the most overage money one request may be billed, as a decimal in
 *     the catalog's currency, or {@code null} for the plan's
 */
public record ClinicRegistration(
    String clinicId,
    String plan,
    String zone,
    Integer anchorDay,
    OveragePolicy overagePolicy,
    String overageCap,
    String maxUnitsPerRequest,
    String maxOveragePerRequest) {

  /** A registration with the plan's per-request limits. */
  public ClinicRegistration(String clinicId, String plan, String zone, Integer anchorDay,
      OveragePolicy overagePolicy, String overageCap) {
    this(clinicId, plan, zone, anchorDay, overagePolicy, overageCap, null, null);
  }

  /** A builder for a clinic on {@code plan}. */
  public static Builder builder(String clinicId, String plan) {
    return new Builder(clinicId, plan);
  }

  /** Builds a {@link ClinicRegistration}. */
  public static final class Builder {
    private final String clinicId;
    private final String plan;
    private String zone;
    private Integer anchorDay;
    private OveragePolicy overagePolicy;
    private String overageCap;
    private String maxUnitsPerRequest;
    private String maxOveragePerRequest;

    private Builder(String clinicId, String plan) {
      this.clinicId = clinicId;
      this.plan = plan;
    }

    /** Sets the IANA time zone, e.g. {@code Asia/Bangkok}. */
    public Builder zone(String zone) {
      this.zone = zone;
      return this;
    }

    /** Resets the allowance on this day of month instead of the 1st. */
    public Builder anchorDay(int anchorDay) {
      this.anchorDay = anchorDay;
      return this;
    }

    /** Sets the clinic's own overage policy. */
    public Builder overagePolicy(OveragePolicy overagePolicy) {
      this.overagePolicy = overagePolicy;
      return this;
    }

    /** Caps overage money per period, as a decimal in the catalog's currency. */
    public Builder overageCap(String overageCap) {
      this.overageCap = overageCap;
      return this;
    }

    /** Limits one request to this many units (a decimal), instead of the plan's limit. */
    public Builder maxUnitsPerRequest(String maxUnitsPerRequest) {
      this.maxUnitsPerRequest = maxUnitsPerRequest;
      return this;
    }

    /** Limits one request's overage to this money (a decimal), instead of the plan's limit. */
    public Builder maxOveragePerRequest(String maxOveragePerRequest) {
      this.maxOveragePerRequest = maxOveragePerRequest;
      return this;
    }

    /** Builds the registration; validation happens in the service. */
    public ClinicRegistration build() {
      return new ClinicRegistration(clinicId, plan, zone, anchorDay, overagePolicy, overageCap,
          maxUnitsPerRequest, maxOveragePerRequest);
    }
  }
}
