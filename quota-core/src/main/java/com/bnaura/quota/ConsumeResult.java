package com.bnaura.quota;

/** The outcome of {@link QuotaService#tryConsume}: {@link Consumed} or {@link Refused}. */
public sealed interface ConsumeResult permits Consumed, Refused {}
