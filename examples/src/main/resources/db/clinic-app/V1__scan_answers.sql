-- The clinic app's own table (its history is clinic_app_schema_history, apart from the quota
-- store's): the answer of every POST /api/ai/analyze sent with an idempotency key, kept as long as
-- the quota engine keeps the key, so a retry with the same key and body gets the first answer.
-- Standard SQL for H2 and PostgreSQL; times are epoch milliseconds of the app's clock.
CREATE TABLE clinic_app_scan_answer (
  clinic_id        VARCHAR(255)     NOT NULL,
  idem_key         VARCHAR(255)     NOT NULL,
  -- a keyed hash (HMAC-SHA256, hex) of the request's meaningful fields; never the fields
  fingerprint      VARCHAR(64)      NOT NULL,
  -- CLAIMED: a request is working on it; OPEN: no answer kept, the next request may try;
  -- DONE: the answer below is final
  state            VARCHAR(16)      NOT NULL,
  -- which engine key the current or next try uses (1: the client's key itself)
  attempt          INTEGER          NOT NULL,
  claim_token      VARCHAR(64),
  claimed_until_ms BIGINT           NOT NULL,
  http_status      INTEGER,
  answer           VARCHAR(1000000),
  created_at_ms    BIGINT           NOT NULL,
  updated_at_ms    BIGINT           NOT NULL,
  CONSTRAINT clinic_app_scan_answer_pk PRIMARY KEY (clinic_id, idem_key)
);
CREATE INDEX clinic_app_scan_answer_age_ix ON clinic_app_scan_answer (created_at_ms);
