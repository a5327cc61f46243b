-- Complaints at scale (issue 4): each running clock of a complaint, kept
-- from the domain's clocks on every save, so a site's work list and the
-- sweep for breached clocks are index range scans.
-- Keep in step with migrations/sqlite/0017_complaint_scale.sql.
CREATE TABLE complaint_deadlines (
    complaint_id     BIGINT NOT NULL REFERENCES complaints(id),
    clock_key        TEXT NOT NULL,               -- forward, part-2/respond
    site_id          BIGINT NOT NULL,
    confidential     BOOLEAN NOT NULL,
    reference        TEXT,
    label            TEXT NOT NULL,
    body             TEXT NOT NULL,               -- who must act
    investigator_id  BIGINT,                     -- a part's named investigator
    due_at           TIMESTAMPTZ NOT NULL,
    listed_from      TIMESTAMPTZ NOT NULL,               -- first shows on a work list (reminder lead or due day)
    period_amount    BIGINT NOT NULL,
    period_unit      TEXT NOT NULL,
    PRIMARY KEY (complaint_id, clock_key)
);
CREATE INDEX complaint_deadlines_site ON complaint_deadlines (site_id, listed_from);
CREATE INDEX complaint_deadlines_listed ON complaint_deadlines (listed_from);
CREATE INDEX complaint_deadlines_due ON complaint_deadlines (due_at);
CREATE INDEX complaint_deadlines_investigator ON complaint_deadlines (investigator_id, listed_from);
