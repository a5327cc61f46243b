-- Complaints: the core journey (SQLite).
-- Keep in step with migrations/postgres/0012_complaints.sql.

-- One complaint. The columns are what lists and filters need; `record` is
-- the domain's complaint (receipt, triage decision, parts) as JSON without
-- its history, which lives in complaint_events. `version` guards against
-- two people changing the same complaint at once.
CREATE TABLE complaints (
    id                  INTEGER PRIMARY KEY,
    reference           TEXT UNIQUE,                 -- set when logged
    site_id             INTEGER NOT NULL REFERENCES sites(id),
    procedure_key       TEXT NOT NULL,
    policy_version      INTEGER NOT NULL,            -- 0 for the built-in preset; see complaint_procedures
    state               TEXT NOT NULL,               -- received, triaged, logged, allocated, closed, withdrawn
    confidential        BOOLEAN NOT NULL,
    anonymous           BOOLEAN NOT NULL,
    third_party         BOOLEAN NOT NULL,
    translation_needed  BOOLEAN NOT NULL,
    language            TEXT,
    arrived_by          TEXT NOT NULL,
    received_at         TEXT NOT NULL,
    incident_date       TEXT,
    category            TEXT,                        -- from triage
    subcategory         TEXT,
    summary             TEXT NOT NULL,
    record              TEXT NOT NULL,
    idempotency_key     TEXT UNIQUE,                 -- an API client's key, so a retried create makes one complaint
    created_by          INTEGER REFERENCES users(id),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    version             INTEGER NOT NULL
);
CREATE INDEX complaints_site_state ON complaints (site_id, state);
CREATE INDEX complaints_state ON complaints (state);

-- Who complained: one row per named complainant (several for a group).
CREATE TABLE complaint_complainants (
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    person_id     INTEGER NOT NULL REFERENCES persons(id),
    PRIMARY KEY (complaint_id, person_id)
);
CREATE INDEX complaint_complainants_person ON complaint_complainants (person_id);

-- Each part of a complaint: who answers it and by when. Rewritten from
-- the domain's parts on every change.
CREATE TABLE complaint_parts (
    complaint_id     INTEGER NOT NULL REFERENCES complaints(id),
    number           INTEGER NOT NULL,
    category         TEXT NOT NULL,
    subcategory      TEXT,
    body             TEXT NOT NULL,
    investigator_id  INTEGER NOT NULL REFERENCES users(id),
    target_at        TEXT,
    stage            TEXT NOT NULL,
    closed_at        TEXT,
    PRIMARY KEY (complaint_id, number)
);
CREATE INDEX complaint_parts_investigator ON complaint_parts (investigator_id);
CREATE INDEX complaint_parts_body ON complaint_parts (body);

-- The complaint's history: the domain's events as JSON with who and when.
-- The clocks are rebuilt from these.
CREATE TABLE complaint_events (
    id            INTEGER PRIMARY KEY,
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    at            TEXT NOT NULL,
    by_user       INTEGER,
    kind          TEXT NOT NULL,
    body          TEXT NOT NULL
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);

-- The reference sequence: the last number given per scope (a site code,
-- or '' when the format numbers across sites) and year (0 when it does
-- not restart each year). Taken with one upsert, safe under concurrency.
CREATE TABLE complaint_sequences (
    scope  TEXT NOT NULL,
    year   INTEGER NOT NULL,
    last_number   INTEGER NOT NULL,
    PRIMARY KEY (scope, year)
);

-- The procedure each complaint follows, as it was when the complaint was
-- received: the policies table keeps only the latest edit, and an edit
-- applies to new complaints only. Version 0 is the built-in preset.
CREATE TABLE complaint_procedures (
    procedure_key   TEXT NOT NULL,
    policy_version  INTEGER NOT NULL,
    body            TEXT NOT NULL,
    PRIMARY KEY (procedure_key, policy_version)
);
