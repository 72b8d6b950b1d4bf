package com.bnaura.quota;

/**
 * The outcome of {@link QuotaService#tryReserve}: {@link Reserved} (units held, go ahead) or {@link
 * Refused}.
 */
public sealed interface ReserveResult permits Reserved, Refused {}
