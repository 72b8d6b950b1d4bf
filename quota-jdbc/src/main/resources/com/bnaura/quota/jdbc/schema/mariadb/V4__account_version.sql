-- Aura Quota schema, version 4: the version of each clinic's state. Every write-set the store
-- applies to a clinic moves it by one, and applies only if the clinic is still at the version its
-- decision read, so a decision made on state that moved meanwhile is decided again. An account
-- written before this version is at version 1.
ALTER TABLE quota_clinic_account ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
