-- THRIVE triage (SQLite). Keep in step with migrations/postgres/0006_triage.sql.

-- One row per assessed contact: the six levels (none, low, medium, high) with
-- the handler's notes, the grade the rules proposed and the grade decided
-- (slugs: emergency, priority, scheduled, resolution-without-deployment), the
-- reason for an override (NULL when the proposal was accepted), and the
-- version of the "thrive-grading" policy used (NULL: the built-in preset).
CREATE TABLE triage_assessments (
    contact_id          INTEGER PRIMARY KEY REFERENCES contacts(id),
    threat              TEXT NOT NULL,
    threat_note         TEXT NOT NULL,
    harm                TEXT NOT NULL,
    harm_note           TEXT NOT NULL,
    risk                TEXT NOT NULL,
    risk_note           TEXT NOT NULL,
    investigation       TEXT NOT NULL,
    investigation_note  TEXT NOT NULL,
    vulnerability       TEXT NOT NULL,
    vulnerability_note  TEXT NOT NULL,
    engagement          TEXT NOT NULL,
    engagement_note     TEXT NOT NULL,
    proposed_grade      TEXT NOT NULL,
    proposal_reason     TEXT NOT NULL,
    final_grade         TEXT NOT NULL,
    override_reason     TEXT,
    policy_version      INTEGER,
    assessed_by         INTEGER NOT NULL REFERENCES users(id),
    assessed_at         TEXT NOT NULL
);
