-- Aura Quota schema, version 9 (MariaDB): the outbox, the leases that keep one dispatcher
-- active, and each clinic's quiet hours.
--
-- quota_event holds the events a write-set writes with the change they tell of, in the same
-- transaction. seq is assigned by the database as each row is inserted: the order written, which
-- claims follow. event_id is the event's stable id, the same on every delivery. (clinic_id,
-- version, idx) places the event among its clinic's events: the version the write-set moved the
-- clinic to and the event's place within it, so a cursor over a clinic's events follows the order
-- its changes committed. payload is a JSON object. The dispatcher changes only the delivery
-- columns: delivery_state (PENDING, DELIVERED, DEAD), attempts, next_attempt_us (when it is next
-- due; a claim moves it to the claim's end), delivered_to (the sinks that accepted it, joined by
-- commas in name order; '' for none) and last_error. quota_event_due_ix serves the claim: the
-- pending events due at an instant, in the order written. payload and delivered_to are MEDIUMTEXT:
-- MariaDB's TEXT stops at 64 KB, where H2's and PostgreSQL's TEXT does not.
--
-- quota_lease holds a named lease and who holds it until when (until_us); a holder renews its own
-- lease, and a lease past until_us may be taken by anyone.
--
-- quiet_hours holds the hours a clinic is closed, as HH:mm-HH:mm in its zone; NULL means none.
CREATE TABLE quota_event (
  seq              BIGINT       NOT NULL AUTO_INCREMENT,
  event_id         VARCHAR(64)  NOT NULL,
  clinic_id        VARCHAR(255) NOT NULL,
  version          BIGINT       NOT NULL,
  idx              INT          NOT NULL,
  event_type       VARCHAR(255) NOT NULL,
  critical         BOOLEAN      NOT NULL,
  occurred_at_us   BIGINT       NOT NULL,
  deliver_after_us BIGINT       NOT NULL,
  payload          MEDIUMTEXT   NOT NULL,
  delivery_state   VARCHAR(16)  NOT NULL,
  attempts         INT          NOT NULL,
  next_attempt_us  BIGINT       NOT NULL,
  delivered_to     MEDIUMTEXT   NOT NULL,
  last_error       VARCHAR(500),
  CONSTRAINT quota_event_pk PRIMARY KEY (seq),
  CONSTRAINT quota_event_id_uq UNIQUE (event_id),
  CONSTRAINT quota_event_position_uq UNIQUE (clinic_id, version, idx),
  CONSTRAINT quota_event_account_fk FOREIGN KEY (clinic_id)
      REFERENCES quota_clinic_account (clinic_id),
  CONSTRAINT quota_event_ck CHECK (version >= 1 AND idx >= 0 AND attempts >= 0
      AND delivery_state IN ('PENDING', 'DELIVERED', 'DEAD'))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
CREATE INDEX quota_event_due_ix ON quota_event (delivery_state, next_attempt_us, seq);

CREATE TABLE quota_lease (
  lease_name       VARCHAR(255) NOT NULL,
  holder           VARCHAR(255) NOT NULL,
  until_us         BIGINT       NOT NULL,
  CONSTRAINT quota_lease_pk PRIMARY KEY (lease_name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

ALTER TABLE quota_clinic_account ADD COLUMN quiet_hours VARCHAR(11);
