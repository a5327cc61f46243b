-- Call events from the telephony platform (sqlite). Keep in step with migrations/postgres/0009_telephony.sql.

-- One row per call offered to an agent, so the caller screen can be built
-- by any server (the in-process notification is only a shortcut) and the
-- platform can retry safely: a call id is kept once.
CREATE TABLE call_events (
    id              INTEGER PRIMARY KEY,
    call_id         TEXT NOT NULL UNIQUE,
    caller_number   TEXT,                        -- E.164; NULL when the number was withheld
    called_number   TEXT NOT NULL,
    channel         TEXT NOT NULL,               -- the contacts channel slug the call arrived on
    occurred_at     TEXT NOT NULL,
    agent_id        INTEGER NOT NULL REFERENCES users(id),
    received_at     TEXT NOT NULL
);
CREATE INDEX call_events_agent ON call_events (agent_id, id);
