package com.bnaura.quota;

/**
 * The outcome of {@link QuotaService#configureAutoTopUp} and {@link QuotaService#disableAutoTopUp}:
 * {@link AutoTopUpConfigured} or {@link Refused}.
 */
public sealed interface AutoTopUpResult permits AutoTopUpConfigured, Refused {}
