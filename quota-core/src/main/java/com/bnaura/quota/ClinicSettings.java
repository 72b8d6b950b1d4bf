package com.bnaura.quota;

import com.bnaura.quota.model.OperationCap;
import com.bnaura.quota.model.OveragePolicy;
import java.util.List;

/**
 * New settings for a registered clinic, for {@link QuotaService#updateSettings}: every setting of
 * its account except the plan (which {@link QuotaService#changePlan} moves).
 *
 * <p>The settings replace the stored ones whole: a field left {@code null} means its default, as
 * in {@link ClinicRegistration}, so an update that leaves {@code overageCap} out removes the cap.
 * A new zone or reset day shapes the periods that open after the current one; the current period
 * keeps its start and end. Limits, caps and the overage policy and cap apply from the next request.
 *
 * <pre>{@code
 * quotas.updateSettings(ClinicSettings.builder("clinic-42")
 *     .overagePolicy(OveragePolicy.AUTO)
 *     .overageCap("5000")
 *     .maxUnitsPerRequest("20")
 *     .build());
 * }</pre>
 *
 * @param clinicId the clinic
 * @param zone the IANA zone, or {@code null} for the service default
 * @param anchorDay the day of month the allowance resets, or {@code null} for the service default
 * @param overagePolicy the clinic's own overage policy, or {@code null} for the plan's default
 * @param overageCap the money ceiling on overage per period as a decimal, or {@code null} for none
 * @param maxUnitsPerRequest the most units one request may ask for, or {@code null} for the plan's
 * @param maxOveragePerRequest the most overage money one request may be billed, or {@code null}
 *     for the plan's
 * @param caps the clinic's own per-window caps, replacing the plan's whole (an empty list: no caps),
 *     or {@code null} for the plan's
 */
public record ClinicSettings(
    String clinicId,
    String zone,
    Integer anchorDay,
    OveragePolicy overagePolicy,
    String overageCap,
    String maxUnitsPerRequest,
    String maxOveragePerRequest,
    List<OperationCap> caps) {

  /** Copies the caps. */
  public ClinicSettings {
    caps = caps == null ? null : List.copyOf(caps);
  }

  /** Settings with the plan's per-window caps. */
  public ClinicSettings(String clinicId, String zone, Integer anchorDay,
      OveragePolicy overagePolicy, String overageCap, String maxUnitsPerRequest,
      String maxOveragePerRequest) {
    this(clinicId, zone, anchorDay, overagePolicy, overageCap, maxUnitsPerRequest,
        maxOveragePerRequest, null);
  }

  /** A builder for the settings of {@code clinicId}; every setting starts at its default. */
  public static Builder builder(String clinicId) {
    return new Builder(clinicId);
  }

  /** Builds {@link ClinicSettings}. */
  public static final class Builder {
    private final String clinicId;
    private String zone;
    private Integer anchorDay;
    private OveragePolicy overagePolicy;
    private String overageCap;
    private String maxUnitsPerRequest;
    private String maxOveragePerRequest;
    private List<OperationCap> caps;

    private Builder(String clinicId) {
      this.clinicId = clinicId;
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

    /**
     * Replaces the plan's per-window caps with these (none at all for an empty list); each cap's
     * operation must be in the catalog.
     */
    public Builder caps(List<OperationCap> caps) {
      this.caps = caps;
      return this;
    }

    /** Builds the settings; validation happens in the service. */
    public ClinicSettings build() {
      return new ClinicSettings(clinicId, zone, anchorDay, overagePolicy, overageCap,
          maxUnitsPerRequest, maxOveragePerRequest, caps);
    }
  }
}
