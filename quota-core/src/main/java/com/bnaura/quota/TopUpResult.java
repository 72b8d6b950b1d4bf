package com.bnaura.quota;

/** The outcome of {@link QuotaService#purchaseTopUp}: {@link ToppedUp} or {@link Refused}. */
public sealed interface TopUpResult permits ToppedUp, Refused {}
