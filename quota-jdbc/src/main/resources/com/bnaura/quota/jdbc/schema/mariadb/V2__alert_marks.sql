-- Aura Quota schema, version 2: the alert levels already sent for a period, written in
-- the same transaction as the usage that reached them, so each level is sent once per clinic and
-- period however many instances share the database. Bits: 1 WARNING, 2 CRITICAL, 4 EXHAUSTED,
-- 8 OVERAGE_STARTED.
ALTER TABLE usage_metrics ADD COLUMN alert_marks INT NOT NULL DEFAULT 0;
