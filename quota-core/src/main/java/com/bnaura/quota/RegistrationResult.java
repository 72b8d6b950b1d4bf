package com.bnaura.quota;

/** The outcome of {@link QuotaService#registerClinic}: {@link Registered} or {@link Refused}. */
public sealed interface RegistrationResult permits Registered, Refused {}
