-- Aura Quota schema, version 3: a clinic's own per-request limits, each overriding its plan's
-- when set (NULL keeps the plan's): the most units one request may ask for (milli-units) and the
-- most overage money one request may be billed (minor units, in request_limit_currency).
ALTER TABLE quota_clinic_account ADD COLUMN max_units_per_request BIGINT;
ALTER TABLE quota_clinic_account ADD COLUMN max_overage_per_request_minor BIGINT;
ALTER TABLE quota_clinic_account ADD COLUMN request_limit_currency CHAR(3);
