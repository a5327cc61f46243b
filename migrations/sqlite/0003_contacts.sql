-- Contacts and messages (SQLite). Keep in step with migrations/postgres/0003_contacts.sql.

-- Every call, message, letter or visit an office receives or makes.
-- Slugs (channel, direction, category, outcome) are the domain's kebab-case names.
CREATE TABLE contacts (
    id                  INTEGER PRIMARY KEY,
    occurred_at         TEXT NOT NULL,
    channel             TEXT NOT NULL,
    direction           TEXT NOT NULL,               -- inbound, outbound
    site_id             INTEGER REFERENCES sites(id),
    handler_id          INTEGER NOT NULL REFERENCES users(id),
    person_id           INTEGER REFERENCES persons(id), -- NULL when anonymous
    anonymous           BOOLEAN NOT NULL,
    subject             TEXT NOT NULL,
    notes               TEXT NOT NULL,
    category            TEXT NOT NULL,
    outcome             TEXT NOT NULL,
    duration_seconds    INTEGER,
    caller_warned       BOOLEAN,                     -- malicious or abusive contacts only
    call_ended          BOOLEAN,                     -- malicious or abusive telephone calls only
    sales_organisation  TEXT,                        -- sales or marketing contacts only
    sales_purpose       TEXT,
    created_at          TEXT NOT NULL
);
CREATE INDEX contacts_person_occurred ON contacts (person_id, occurred_at);
CREATE INDEX contacts_occurred ON contacts (occurred_at);
CREATE INDEX contacts_handler ON contacts (handler_id);

-- Messages, never transfers: a message taken for a named member of staff.
CREATE TABLE contact_messages (
    id            INTEGER PRIMARY KEY,
    contact_id    INTEGER NOT NULL REFERENCES contacts(id),
    recipient_id  INTEGER NOT NULL REFERENCES users(id),
    text          TEXT NOT NULL,
    state         TEXT NOT NULL,                     -- open, returned, not-returned
    decided_at    TEXT,                              -- when returned, or when the recipient decided not to
    note          TEXT,                              -- what was agreed, or why not returned
    created_at    TEXT NOT NULL
);
CREATE INDEX contact_messages_recipient ON contact_messages (recipient_id, state);
CREATE INDEX contact_messages_contact ON contact_messages (contact_id);

-- An API client's Idempotency-Key, so a retried request never makes a second contact.
CREATE TABLE idempotency_keys (
    key         TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    contact_id  INTEGER NOT NULL REFERENCES contacts(id),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);
