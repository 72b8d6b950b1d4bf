package com.bnaura.quota;

/** The outcome of {@link QuotaService#tryCommit}: {@link Committed} or {@link Refused}. */
public sealed interface CommitResult permits Committed, Refused {}
