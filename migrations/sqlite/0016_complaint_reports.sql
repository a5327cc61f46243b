-- Complaint reports: the monthly summary per site and the monthly dip sample (sqlite).
-- Keep in step with migrations/postgres/0016_complaint_reports.sql.

-- What the monthly summary counts, kept beside each complaint by
-- store::complaints::update from domain::complaints::monthly_summary::report_facts,
-- so a month over a million complaints is a few index range scans.
ALTER TABLE complaints ADD COLUMN responded_at TEXT;          -- when the last part's response was sent
ALTER TABLE complaints ADD COLUMN outcome TEXT;                 -- the complaint's overall outcome
ALTER TABLE complaints ADD COLUMN within_target BOOLEAN;        -- once answered: every part by its target
ALTER TABLE complaints ADD COLUMN late_from TEXT;             -- earliest target of a part not answered by it
ALTER TABLE complaints ADD COLUMN extended BOOLEAN NOT NULL DEFAULT FALSE;

-- Received in a month, by site and category (covering).
CREATE INDEX complaints_report_received ON complaints (received_at, site_id, category);
-- Answered in a month, by site, with what the summary counts (covering).
CREATE INDEX complaints_report_responded ON complaints (responded_at, site_id, outcome, within_target, extended);
-- Overdue at a moment: unanswered (responded_at NULL) or answered later, and late by then.
CREATE INDEX complaints_report_late ON complaints (responded_at, late_from, site_id);

-- One month's dip sample at one site. The seed is kept so anyone can draw
-- the same sample again from the same responses.
CREATE TABLE dip_samples (
    id          INTEGER PRIMARY KEY,
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    month       TEXT NOT NULL,                  -- YYYY-MM
    seed        INTEGER NOT NULL,                  -- the u64 seed, stored bit for bit
    population  INTEGER NOT NULL,                  -- responses sent that month
    drawn_by    INTEGER REFERENCES users(id),
    drawn_at    TEXT NOT NULL,
    UNIQUE (site_id, month)
);

-- Each sampled response and, once checked, the findings.
CREATE TABLE dip_sample_items (
    sample_id           INTEGER NOT NULL REFERENCES dip_samples(id),
    complaint_id        INTEGER NOT NULL REFERENCES complaints(id),
    documents_present   BOOLEAN,
    covers_every_point  BOOLEAN,
    escalation_wording  BOOLEAN,
    verdict             TEXT,                   -- satisfactory or poor; NULL until checked
    notes               TEXT,
    checked_by          INTEGER REFERENCES users(id),
    checked_at          TEXT,
    task_id             INTEGER REFERENCES tasks(id), -- the delivery manager's task for a poor response
    PRIMARY KEY (sample_id, complaint_id)
);
