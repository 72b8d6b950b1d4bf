-- Aura Quota schema, version 7: auto top-up and the payments it requests.
--
-- quota_auto_top_up holds one clinic's settings (a threshold in units or in whole percent, a pack
-- or a count of units to buy, the monthly money ceiling, grant on authorisation or on capture),
-- whether it is on, and the counters of the period period_start_us starts: the payments requested
-- in it (the crossing number of the last) and the money they cost.
--
-- quota_payment holds every payment the engine requested, keyed by the clinic and a key derived
-- from the period and the crossing; payment_state says where it stands (REQUESTED, AUTHORISED,
-- CAPTURED, UNKNOWN are open; GRANTED and FAILED are done). A clinic has at most one open payment.
CREATE TABLE quota_auto_top_up (
  clinic_id              VARCHAR(255) NOT NULL,
  threshold_units        BIGINT,
  threshold_percent      INT,
  pack_name              VARCHAR(255),
  units_to_buy           BIGINT       NOT NULL,
  ceiling_minor          BIGINT       NOT NULL,
  currency               CHAR(3)      NOT NULL,
  grant_on_authorisation BOOLEAN      NOT NULL,
  enabled                BOOLEAN      NOT NULL,
  disabled_reason        VARCHAR(1000),
  period_start_us        BIGINT       NOT NULL,
  purchases              INT          NOT NULL,
  spent_minor            BIGINT       NOT NULL,
  ceiling_noticed        BOOLEAN      NOT NULL,
  updated_at_us          BIGINT       NOT NULL,
  CONSTRAINT quota_auto_top_up_pk PRIMARY KEY (clinic_id),
  CONSTRAINT quota_auto_top_up_account_fk FOREIGN KEY (clinic_id)
      REFERENCES quota_clinic_account (clinic_id),
  CONSTRAINT quota_auto_top_up_ck CHECK (units_to_buy >= 0 AND ceiling_minor > 0
      AND purchases >= 0 AND spent_minor >= 0
      AND ((threshold_units IS NULL AND threshold_percent IS NOT NULL)
        OR (threshold_units IS NOT NULL AND threshold_percent IS NULL)))
);

CREATE TABLE quota_payment (
  clinic_id              VARCHAR(255) NOT NULL,
  payment_key            VARCHAR(255) NOT NULL,
  payment_state          VARCHAR(16)  NOT NULL,
  purpose                VARCHAR(32)  NOT NULL,
  period_start_us        BIGINT       NOT NULL,
  units                  BIGINT       NOT NULL,
  pack_name              VARCHAR(255),
  amount_minor           BIGINT       NOT NULL,
  currency               CHAR(3)      NOT NULL,
  transaction_id         VARCHAR(64)  NOT NULL,
  provider_reference     VARCHAR(255),
  failure_reason         VARCHAR(1000),
  attempts               INT          NOT NULL,
  grant_on_authorisation BOOLEAN      NOT NULL,
  grant_id               VARCHAR(64),
  created_at_us          BIGINT       NOT NULL,
  updated_at_us          BIGINT       NOT NULL,
  CONSTRAINT quota_payment_pk PRIMARY KEY (clinic_id, payment_key),
  CONSTRAINT quota_payment_account_fk FOREIGN KEY (clinic_id)
      REFERENCES quota_clinic_account (clinic_id),
  CONSTRAINT quota_payment_ck CHECK (units > 0 AND amount_minor >= 0 AND attempts >= 0)
);

CREATE INDEX quota_payment_state_ix ON quota_payment (payment_state, clinic_id);
