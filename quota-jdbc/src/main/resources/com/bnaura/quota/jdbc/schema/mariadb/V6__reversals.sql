-- Aura Quota schema, version 6 (MariaDB): reversals.
--
-- A refund or dispute of a charge, a voided grant and the credits they bring are ledger entries
-- that point to what they reverse: reverses_key is the reversed charge's idempotency key, or the
-- key of the top-up that opened a voided grant; receipts and reversals find them by the clinic and
-- that key. A voided grant keeps when it was voided; its unused units moved to units_expired.
ALTER TABLE ai_usage_logs ADD COLUMN reverses_key VARCHAR(255);
CREATE INDEX ai_usage_logs_reverses_ix ON ai_usage_logs (clinic_id, reverses_key);

ALTER TABLE quota_grant ADD COLUMN voided_at_us BIGINT;
