package com.bnaura.quota;

/** The outcome of {@link QuotaService#reverseCharge} or {@link QuotaService#voidGrant}. */
public sealed interface ReversalResult permits Reversed, Refused {}
