-- Foundation schema (SQLite). Keep in step with migrations/postgres/0001_foundation.sql:
-- a test compares the two schemas' tables and columns.

-- Offices, establishments and contact centres. The nation decides bank holidays.
CREATE TABLE sites (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,          -- short, stable, e.g. "BEDS-CC"
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL,                 -- contact-centre, pcc-office, detention-centre, passport-office, other
    nation      TEXT NOT NULL,                 -- england-and-wales, scotland, northern-ireland
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1     -- optimistic locking
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    email          TEXT,
    password_hash  TEXT,                       -- Argon2id PHC string; NULL = cannot sign in with a password
    grade          TEXT NOT NULL,              -- ao, eo, heo, seo, grade-7, grade-6, scs
    site_id        INTEGER REFERENCES sites(id),
    active         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE user_roles (
    user_id  INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role     TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- Server-side sessions, so several servers can share them. Only a hash of the cookie is kept.
CREATE TABLE sessions (
    token_hash    TEXT NOT NULL PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- API bearer tokens; the token itself is shown once and only its hash is kept.
CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash    TEXT NOT NULL UNIQUE,
    label         TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT,
    revoked_at    TEXT
);

-- Failed and successful sign-ins, for throttling and for the record.
CREATE TABLE sign_in_attempts (
    id           INTEGER PRIMARY KEY,
    username     TEXT NOT NULL,
    client_ip    TEXT,
    attempted_at TEXT NOT NULL,
    succeeded    BOOLEAN NOT NULL
);
CREATE INDEX sign_in_attempts_username ON sign_in_attempts(username, attempted_at);

-- Days a site is closed besides weekends and bank holidays; they stop working-day clocks.
CREATE TABLE closure_days (
    id          INTEGER PRIMARY KEY,
    site_id     INTEGER NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
    closed_on   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (site_id, closed_on)
);

-- The append-only, hash-chained audit trail. Rows are never updated or deleted.
CREATE TABLE audit_events (
    seq          INTEGER PRIMARY KEY,
    occurred_at  TEXT NOT NULL,
    actor_id     INTEGER,
    actor_label  TEXT NOT NULL,
    action       TEXT NOT NULL,
    entity_type  TEXT NOT NULL,
    entity_id    TEXT,
    request_id   TEXT,
    summary      TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_events_entity ON audit_events(entity_type, entity_id);
CREATE INDEX audit_events_actor ON audit_events(actor_id);
CREATE INDEX audit_events_action ON audit_events(action);

-- The newest link of the chain, kept apart so deleting events from the end shows.
CREATE TABLE audit_chain_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL
);
INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
