package com.bnaura.quota;

/**
 * The outcome of {@link QuotaService#defineBranch} and {@link QuotaService#assignStaff}: {@link
 * BudgetSet} or {@link Refused}.
 */
public sealed interface BudgetResult permits BudgetSet, Refused {}
