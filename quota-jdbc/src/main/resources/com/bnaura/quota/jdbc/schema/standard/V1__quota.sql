-- Aura Quota schema, version 1. Units are milli-units (BIGINT), money is minor units (BIGINT),
-- instants are microseconds since the epoch in UTC (BIGINT), so no session time zone can shift them.

-- One row per clinic: settings, the add-on balance that never expires, the current period.
CREATE TABLE quota_clinic_account (
  clinic_id           VARCHAR(255) NOT NULL,
  plan_id             VARCHAR(255) NOT NULL,
  zone_id             VARCHAR(64)  NOT NULL,
  anchor_day          INT          NOT NULL,
  overage_policy      VARCHAR(16),
  overage_cap_minor   BIGINT,
  cap_currency        CHAR(3),
  addon_available     BIGINT       NOT NULL,
  addon_reserved      BIGINT       NOT NULL,
  addon_purchased     BIGINT       NOT NULL,
  addon_used          BIGINT       NOT NULL,
  period_start_us     BIGINT       NOT NULL,
  next_reset_us       BIGINT       NOT NULL,
  pending_plan_id     VARCHAR(255),
  ledger_seq          BIGINT       NOT NULL,
  created_at_us       BIGINT       NOT NULL,
  updated_at_us       BIGINT       NOT NULL,
  CONSTRAINT quota_clinic_account_pk PRIMARY KEY (clinic_id),
  CONSTRAINT quota_clinic_account_anchor_ck CHECK (anchor_day BETWEEN 1 AND 31),
  CONSTRAINT quota_clinic_account_cap_ck CHECK (overage_cap_minor IS NULL OR overage_cap_minor >= 0),
  CONSTRAINT quota_clinic_account_addon_ck CHECK (addon_available >= 0 AND addon_reserved >= 0
      AND addon_purchased >= 0 AND addon_used >= 0
      AND addon_purchased = addon_used + addon_reserved + addon_available),
  CONSTRAINT quota_clinic_account_period_ck CHECK (next_reset_us > period_start_us)
);

-- One row per clinic and billing period (the old system's usage_metrics).
CREATE TABLE usage_metrics (
  clinic_id               VARCHAR(255) NOT NULL,
  period_start_us         BIGINT       NOT NULL,
  period_end_us           BIGINT       NOT NULL,
  plan_id                 VARCHAR(255) NOT NULL,
  unlimited               BOOLEAN      NOT NULL,
  quota_limit             BIGINT       NOT NULL,
  current_usage           BIGINT       NOT NULL,
  monthly_reserved        BIGINT       NOT NULL,
  addon_used              BIGINT       NOT NULL,
  overage_units           BIGINT       NOT NULL,
  overage_reserved        BIGINT       NOT NULL,
  overage_balance         BIGINT       NOT NULL,
  overage_reserved_minor  BIGINT       NOT NULL,
  currency                CHAR(3)      NOT NULL,
  forfeited               BIGINT       NOT NULL,
  addon_at_start          BIGINT       NOT NULL,
  addon_bought            BIGINT       NOT NULL,
  closed                  BOOLEAN      NOT NULL,
  CONSTRAINT usage_metrics_pk PRIMARY KEY (clinic_id, period_start_us),
  CONSTRAINT usage_metrics_account_fk FOREIGN KEY (clinic_id)
      REFERENCES quota_clinic_account (clinic_id),
  CONSTRAINT usage_metrics_nonneg_ck CHECK (quota_limit >= 0 AND current_usage >= 0
      AND monthly_reserved >= 0 AND addon_used >= 0 AND overage_units >= 0
      AND overage_reserved >= 0 AND overage_balance >= 0 AND overage_reserved_minor >= 0
      AND forfeited >= 0 AND addon_at_start >= 0 AND addon_bought >= 0),
  CONSTRAINT usage_metrics_grant_ck CHECK (unlimited OR closed
      OR current_usage + monthly_reserved + forfeited <= quota_limit),
  CONSTRAINT usage_metrics_period_ck CHECK (period_end_us > period_start_us)
);

-- Reservations: units held between reserve and commit, release or expiry.
CREATE TABLE quota_reservation (
  clinic_id               VARCHAR(255)  NOT NULL,
  reservation_id          VARCHAR(255)  NOT NULL,
  idem_key                VARCHAR(255)  NOT NULL,
  operation_id            VARCHAR(255)  NOT NULL,
  quantity                BIGINT        NOT NULL,
  user_id                 VARCHAR(255),
  customer_hash           CHAR(64),
  period_start_us         BIGINT        NOT NULL,
  period_end_us           BIGINT        NOT NULL,
  hold_monthly            BIGINT        NOT NULL,
  hold_addon              BIGINT        NOT NULL,
  hold_overage            BIGINT        NOT NULL,
  hold_cost_minor         BIGINT        NOT NULL,
  currency                CHAR(3)       NOT NULL,
  waived                  BIGINT        NOT NULL,
  accept_overage          BOOLEAN       NOT NULL,
  created_at_us           BIGINT        NOT NULL,
  expires_at_us           BIGINT        NOT NULL,
  res_state               VARCHAR(16)   NOT NULL,
  resolved_at_us          BIGINT,
  resolution_fingerprint  VARCHAR(1024),
  resolution              VARCHAR(4000),
  CONSTRAINT quota_reservation_pk PRIMARY KEY (clinic_id, reservation_id),
  CONSTRAINT quota_reservation_account_fk FOREIGN KEY (clinic_id)
      REFERENCES quota_clinic_account (clinic_id),
  CONSTRAINT quota_reservation_nonneg_ck CHECK (quantity > 0 AND hold_monthly >= 0
      AND hold_addon >= 0 AND hold_overage >= 0 AND hold_cost_minor >= 0 AND waived >= 0),
  CONSTRAINT quota_reservation_state_ck CHECK (res_state IN ('PENDING', 'COMMITTED', 'RELEASED', 'EXPIRED'))
);
CREATE INDEX quota_reservation_expiry_ix ON quota_reservation (res_state, expires_at_us);
CREATE INDEX quota_reservation_period_ix ON quota_reservation (clinic_id, period_start_us);

-- The outcome of every write, by clinic and idempotency key.
CREATE TABLE quota_idempotency (
  clinic_id       VARCHAR(255)  NOT NULL,
  idem_key        VARCHAR(255)  NOT NULL,
  fingerprint     VARCHAR(1024) NOT NULL,
  outcome         VARCHAR(4000) NOT NULL,
  created_at_us   BIGINT        NOT NULL,
  CONSTRAINT quota_idempotency_pk PRIMARY KEY (clinic_id, idem_key),
  CONSTRAINT quota_idempotency_account_fk FOREIGN KEY (clinic_id)
      REFERENCES quota_clinic_account (clinic_id)
);
CREATE INDEX quota_idempotency_age_ix ON quota_idempotency (created_at_us);

-- The 24-hour free repeat-scan window of each hashed customer.
CREATE TABLE quota_repeat_window (
  clinic_id       VARCHAR(255) NOT NULL,
  customer_hash   CHAR(64)     NOT NULL,
  opened_at_us    BIGINT       NOT NULL,
  paid            BIGINT       NOT NULL,
  CONSTRAINT quota_repeat_window_pk PRIMARY KEY (clinic_id, customer_hash),
  CONSTRAINT quota_repeat_window_account_fk FOREIGN KEY (clinic_id)
      REFERENCES quota_clinic_account (clinic_id),
  CONSTRAINT quota_repeat_window_paid_ck CHECK (paid >= 0)
);

-- The append-only usage ledger (the old system's ai_usage_logs); seq follows the clinic's lock order.
CREATE TABLE ai_usage_logs (
  clinic_id         VARCHAR(255) NOT NULL,
  seq               BIGINT       NOT NULL,
  entry_kind        VARCHAR(16)  NOT NULL,
  at_us             BIGINT       NOT NULL,
  period_start_us   BIGINT       NOT NULL,
  units             BIGINT       NOT NULL,
  from_monthly      BIGINT       NOT NULL,
  from_addon        BIGINT       NOT NULL,
  overage           BIGINT       NOT NULL,
  money_minor       BIGINT       NOT NULL,
  currency          CHAR(3)      NOT NULL,
  waived            BIGINT       NOT NULL,
  operation_id      VARCHAR(255),
  user_id           VARCHAR(255),
  reservation_id    VARCHAR(255),
  idem_key          VARCHAR(255),
  reason            VARCHAR(64),
  ai_model          VARCHAR(255),
  prompt_tokens     BIGINT       NOT NULL,
  output_tokens     BIGINT       NOT NULL,
  thought_tokens    BIGINT       NOT NULL,
  CONSTRAINT ai_usage_logs_pk PRIMARY KEY (clinic_id, seq),
  CONSTRAINT ai_usage_logs_account_fk FOREIGN KEY (clinic_id)
      REFERENCES quota_clinic_account (clinic_id),
  CONSTRAINT ai_usage_logs_nonneg_ck CHECK (units >= 0 AND from_monthly >= 0 AND from_addon >= 0
      AND overage >= 0 AND money_minor >= 0 AND waived >= 0 AND prompt_tokens >= 0
      AND output_tokens >= 0 AND thought_tokens >= 0)
);
CREATE INDEX ai_usage_logs_time_ix ON ai_usage_logs (clinic_id, at_us);

-- Invoice lines: top-ups and prorated plan changes.
CREATE TABLE quota_billing_line (
  clinic_id          VARCHAR(255)  NOT NULL,
  line_id            VARCHAR(255)  NOT NULL,
  line_kind          VARCHAR(32)   NOT NULL,
  amount_minor       BIGINT        NOT NULL,
  currency           CHAR(3)       NOT NULL,
  units              BIGINT        NOT NULL,
  description        VARCHAR(1024) NOT NULL,
  payment_reference  VARCHAR(1024) NOT NULL,
  at_us              BIGINT        NOT NULL,
  CONSTRAINT quota_billing_line_pk PRIMARY KEY (clinic_id, line_id),
  CONSTRAINT quota_billing_line_account_fk FOREIGN KEY (clinic_id)
      REFERENCES quota_clinic_account (clinic_id),
  CONSTRAINT quota_billing_line_nonneg_ck CHECK (amount_minor >= 0 AND units >= 0)
);
