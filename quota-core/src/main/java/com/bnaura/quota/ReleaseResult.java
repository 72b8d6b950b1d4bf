package com.bnaura.quota;

/** The outcome of {@link QuotaService#tryRelease}: {@link Released} or {@link Refused}. */
public sealed interface ReleaseResult permits Released, Refused {}
