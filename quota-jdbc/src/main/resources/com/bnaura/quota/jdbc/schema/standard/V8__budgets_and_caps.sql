-- Aura Quota schema, version 8: per-window caps, branch and staff budgets, and the usage counters
-- behind both.
--
-- A usage counter holds the calls and units of one scope of a clinic (the clinic, a branch or a
-- staff member) in one window (a cap's minute, hour or day in the clinic's zone, or a budget's
-- period), keyed by the window's start, so a new window starts a new row and nothing is swept.
-- counter_id is the SHA-256 (hex) of the counter's scope, scope id, subject and window start, so
-- the key stays short whatever the lengths of the ids it names. The engine reads counters by key
-- with the clinic and writes them in the clinic's versioned write-set, which keeps them exact.
--
-- quota_budget holds a clinic's branches (scope_kind BRANCH, holder_id the branch id, its name)
-- and its staff (scope_kind STAFF, holder_id the user id, branch_id their branch), each with an
-- optional monthly budget in milli-units (NULL: none). budgets_in_use marks a clinic that has
-- defined a branch: only its charges look budget rows up.
--
-- caps_override holds a clinic's own caps (operation/per/window/max joined by ';'); NULL means
-- the plan's caps, '' none.
CREATE TABLE quota_usage_counter (
  clinic_id        VARCHAR(255) NOT NULL,
  counter_id       CHAR(64)     NOT NULL,
  scope_kind       VARCHAR(16)  NOT NULL,
  scope_id         VARCHAR(255) NOT NULL,
  subject          VARCHAR(300) NOT NULL,
  window_start_us  BIGINT       NOT NULL,
  calls            BIGINT       NOT NULL,
  units            BIGINT       NOT NULL,
  CONSTRAINT quota_usage_counter_pk PRIMARY KEY (clinic_id, counter_id),
  CONSTRAINT quota_usage_counter_account_fk FOREIGN KEY (clinic_id)
      REFERENCES quota_clinic_account (clinic_id),
  CONSTRAINT quota_usage_counter_ck CHECK (calls >= 0 AND units >= 0)
);

ALTER TABLE quota_clinic_account ADD COLUMN caps_override VARCHAR(4000);
ALTER TABLE quota_clinic_account ADD COLUMN budgets_in_use BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE quota_budget (
  clinic_id        VARCHAR(255) NOT NULL,
  scope_kind       VARCHAR(16)  NOT NULL,
  holder_id        VARCHAR(255) NOT NULL,
  holder_name      VARCHAR(255) NOT NULL,
  branch_id        VARCHAR(255) NOT NULL,
  monthly_budget   BIGINT,
  updated_at_us    BIGINT       NOT NULL,
  CONSTRAINT quota_budget_pk PRIMARY KEY (clinic_id, scope_kind, holder_id),
  CONSTRAINT quota_budget_account_fk FOREIGN KEY (clinic_id)
      REFERENCES quota_clinic_account (clinic_id),
  CONSTRAINT quota_budget_ck CHECK (monthly_budget IS NULL OR monthly_budget >= 0)
);
