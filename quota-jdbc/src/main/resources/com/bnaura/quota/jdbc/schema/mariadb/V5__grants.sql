-- Aura Quota schema, version 5 (MariaDB): add-on grants and what a receipt reads.
--
-- Each top-up is a grant with its own balance, priority and optional expiry (expires_at_us NULL:
-- never). The account's add-on columns stay the sums over the clinic's grants, with
-- addon_expired for units that expired unused. A reservation's hold and a ledger entry name the
-- grants their add-on units come from (grant parts: grant_id=milli pairs joined by ';', in burn
-- order). A charge's ledger entry also keeps its quantity, the plan, catalog version and overage
-- price it was charged under (in the entry's currency) and the repeat-scan window it used, so a
-- receipt read later states what was in force then.
--
-- Existing add-on balances become one never-expiring grant per clinic, 'addon-before-grants', and
-- the add-on part of every pending reservation is held from it.
CREATE TABLE quota_grant (
  clinic_id        VARCHAR(255) NOT NULL,
  grant_id         VARCHAR(64)  NOT NULL,
  topup_key        VARCHAR(255),
  pack_name        VARCHAR(255),
  units_granted    BIGINT       NOT NULL,
  units_used       BIGINT       NOT NULL,
  units_reserved   BIGINT       NOT NULL,
  units_expired    BIGINT       NOT NULL,
  burn_priority    INT          NOT NULL,
  expires_at_us    BIGINT,
  created_at_us    BIGINT       NOT NULL,
  price_minor      BIGINT       NOT NULL,
  currency         CHAR(3)      NOT NULL,
  CONSTRAINT quota_grant_pk PRIMARY KEY (clinic_id, grant_id),
  CONSTRAINT quota_grant_account_fk FOREIGN KEY (clinic_id)
      REFERENCES quota_clinic_account (clinic_id),
  CONSTRAINT quota_grant_units_ck CHECK (units_granted > 0 AND units_used >= 0
      AND units_reserved >= 0 AND units_expired >= 0 AND price_minor >= 0
      AND units_used + units_reserved + units_expired <= units_granted)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

ALTER TABLE quota_clinic_account ADD COLUMN addon_expired BIGINT NOT NULL DEFAULT 0;
ALTER TABLE quota_clinic_account DROP CONSTRAINT quota_clinic_account_addon_ck;
ALTER TABLE quota_clinic_account ADD CONSTRAINT quota_clinic_account_addon_ck CHECK (
    addon_available >= 0 AND addon_reserved >= 0 AND addon_purchased >= 0 AND addon_used >= 0
    AND addon_expired >= 0
    AND addon_purchased = addon_used + addon_reserved + addon_available + addon_expired);

ALTER TABLE quota_reservation ADD COLUMN hold_grants VARCHAR(4000);

ALTER TABLE ai_usage_logs ADD COLUMN grant_parts VARCHAR(4000);
ALTER TABLE ai_usage_logs ADD COLUMN quantity BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ai_usage_logs ADD COLUMN plan_id VARCHAR(255);
ALTER TABLE ai_usage_logs ADD COLUMN catalog_version VARCHAR(64);
ALTER TABLE ai_usage_logs ADD COLUMN overage_price_minor BIGINT;
ALTER TABLE ai_usage_logs ADD COLUMN customer_hash CHAR(64);
ALTER TABLE ai_usage_logs ADD COLUMN window_opened_us BIGINT;
CREATE INDEX ai_usage_logs_key_ix ON ai_usage_logs (clinic_id, idem_key);

INSERT INTO quota_grant (clinic_id, grant_id, topup_key, pack_name, units_granted, units_used,
    units_reserved, units_expired, burn_priority, expires_at_us, created_at_us, price_minor,
    currency)
  SELECT a.clinic_id, 'addon-before-grants', NULL, NULL, a.addon_purchased, a.addon_used,
      a.addon_reserved, 0, 50, NULL, a.created_at_us,
      COALESCE((SELECT SUM(b.amount_minor) FROM quota_billing_line b
          WHERE b.clinic_id = a.clinic_id AND b.line_kind = 'TOP_UP'), 0),
      (SELECT MIN(m.currency) FROM usage_metrics m WHERE m.clinic_id = a.clinic_id)
  FROM quota_clinic_account a
  WHERE a.addon_purchased > 0;

UPDATE quota_reservation SET hold_grants = CONCAT('addon-before-grants=', hold_addon)
  WHERE res_state = 'PENDING' AND hold_addon > 0;
