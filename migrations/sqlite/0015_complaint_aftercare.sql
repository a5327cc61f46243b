-- Complaints after the response (SQLite): ombudsman escalations, decisions to
-- end correspondence and the later letters they cover, ex-gratia payments,
-- lessons-learned actions, officers complained about, their findings and
-- certification cases. Keep in step with migrations/postgres/0015_complaint_aftercare.sql.
--
-- Each `state` is the domain's record as JSON (the state machine in
-- casebook_domain::complaints); the other columns are what lists and
-- registers filter on. `version` guards against two people changing one
-- record at once.

-- Every escalation of one complaint to an ombudsman, oldest first, in `state`.
CREATE TABLE complaint_escalations (
    complaint_id  INTEGER PRIMARY KEY REFERENCES complaints(id),
    open          BOOLEAN NOT NULL,              -- with a body, waiting for its outcome
    state         TEXT NOT NULL,
    version       INTEGER NOT NULL,
    updated_at    TEXT NOT NULL
);

-- A decision to end correspondence with a person about one concluded complaint.
-- The right to complain is never withdrawn: nothing here refuses a complaint.
CREATE TABLE correspondence_decisions (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES persons(id),
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    status        TEXT NOT NULL,                 -- proposed, in-force, ended, declined
    state         TEXT NOT NULL,
    version       INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX correspondence_decisions_complaint ON correspondence_decisions (complaint_id);

-- Each later letter on a matter under a decision, and how it was handled.
CREATE TABLE correspondence_letters (
    id              INTEGER PRIMARY KEY,
    decision_id     INTEGER NOT NULL REFERENCES correspondence_decisions(id),
    received_on     TEXT NOT NULL,
    handling        TEXT NOT NULL,               -- acknowledged-and-filed, filed, reopened
    fresh_evidence  TEXT,
    recorded_by     INTEGER REFERENCES users(id),
    recorded_at     TEXT NOT NULL
);
CREATE INDEX correspondence_letters_decision ON correspondence_letters (decision_id);

-- One ex-gratia payment or non-financial redress: the register's line.
CREATE TABLE ex_gratia_payments (
    id            INTEGER PRIMARY KEY,
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    site_id       INTEGER NOT NULL REFERENCES sites(id),
    kind          TEXT NOT NULL,                 -- financial, non-financial
    status        TEXT NOT NULL,
    state         TEXT NOT NULL,
    version       INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX ex_gratia_payments_complaint ON ex_gratia_payments (complaint_id);

-- A lessons-learned action with its owner, due date and progress notes.
CREATE TABLE lesson_actions (
    id            INTEGER PRIMARY KEY,
    complaint_id  INTEGER REFERENCES complaints(id),  -- when it came from a complaint
    owner_id      INTEGER NOT NULL REFERENCES users(id),
    due_on        TEXT NOT NULL,
    status        TEXT NOT NULL,
    state         TEXT NOT NULL,
    version       INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX lesson_actions_complaint ON lesson_actions (complaint_id);

-- An officer complained about; need not be a user.
CREATE TABLE officers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    identifier  TEXT NOT NULL,
    employer    TEXT NOT NULL,
    created_by  INTEGER REFERENCES users(id),
    created_at  TEXT NOT NULL,
    UNIQUE (employer, identifier)
);

-- An officer named in a complaint, and the finding once recorded.
CREATE TABLE officer_findings (
    officer_id    INTEGER NOT NULL REFERENCES officers(id),
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    finding       TEXT,                          -- substantiated, partially-substantiated, not-substantiated
    decided_on    TEXT,
    named_by      INTEGER REFERENCES users(id),
    named_at      TEXT NOT NULL,
    PRIMARY KEY (officer_id, complaint_id)
);
CREATE INDEX officer_findings_complaint ON officer_findings (complaint_id);

-- One officer's certification through one serious-misconduct investigation.
CREATE TABLE certification_cases (
    id            INTEGER PRIMARY KEY,
    officer_id    INTEGER NOT NULL REFERENCES officers(id),
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    status        TEXT NOT NULL,
    state         TEXT NOT NULL,
    version       INTEGER NOT NULL,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (officer_id, complaint_id)
);
