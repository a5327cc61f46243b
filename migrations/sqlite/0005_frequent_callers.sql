-- Frequent callers (SQLite). Keep in step with migrations/postgres/0005_frequent_callers.sql.

-- The candidate query counts contacts per person over a recent window:
-- with the person in the index, that range is read from the index alone.
CREATE INDEX contacts_occurred_person ON contacts (occurred_at, person_id);

-- A person's frequent-caller flag, as the domain type's JSON (not flagged,
-- flagged with its response plan, or lifted). `state` and `review_due`
-- repeat what the JSON says so lists can filter and sort without parsing
-- it. `version` guards against two managers changing one flag at once.
CREATE TABLE frequent_caller_flags (
    person_id    INTEGER PRIMARY KEY REFERENCES persons(id),
    state        TEXT NOT NULL,                    -- not-flagged, flagged, lifted
    body         TEXT NOT NULL,
    review_due   TEXT,                             -- while flagged
    updated_by   INTEGER REFERENCES users(id),
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX frequent_caller_flags_state ON frequent_caller_flags (state, review_due);

-- Every step of a flag (flagged, reviewed, plan changed, referral recorded,
-- lifted), with who took it, when, and the words they gave, so the person's
-- page shows the history with its reasons.
CREATE TABLE frequent_caller_flag_events (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES persons(id),
    event        TEXT NOT NULL,                    -- the domain's FlagEvent as JSON
    detail       TEXT NOT NULL,                    -- reason, review note or lift reason
    actor_id     INTEGER REFERENCES users(id),
    actor_label  TEXT NOT NULL,
    occurred_at  TEXT NOT NULL
);
CREATE INDEX frequent_caller_flag_events_person ON frequent_caller_flag_events (person_id, id);
