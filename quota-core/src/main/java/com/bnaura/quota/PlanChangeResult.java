package com.bnaura.quota;

/** The outcome of {@link QuotaService#changePlan}: {@link PlanChanged} or {@link Refused}. */
public sealed interface PlanChangeResult permits PlanChanged, Refused {}
