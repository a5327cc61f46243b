-- Complaint-box log (SQLite). Keep in step with migrations/postgres/0013_complaint_boxes.sql.
-- The detention order (para 44) has each site's box emptied at least daily
-- and every complaint in it scanned to the complaints unit within 6 hours.

-- One emptying of a site's box: when, by whom, how many complaints.
-- `scanned` counts the scans below, so two clerks recording the last scan
-- at once cannot take it past `count` (the update checks it).
CREATE TABLE complaint_box_emptyings (
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER NOT NULL REFERENCES sites(id),
    emptied_at   TEXT NOT NULL,
    emptied_by   INTEGER NOT NULL REFERENCES users(id),
    count        INTEGER NOT NULL CHECK (count >= 0),
    scanned      INTEGER NOT NULL DEFAULT 0,
    recorded_by  INTEGER REFERENCES users(id),
    recorded_at  TEXT NOT NULL
);
CREATE INDEX complaint_box_emptyings_site ON complaint_box_emptyings (site_id, emptied_at);

-- Each complaint from an emptying scanned and sent. The complaint is named
-- by its reference as typed: complaints are linked once they are stored.
CREATE TABLE complaint_box_scans (
    id                   INTEGER PRIMARY KEY,
    emptying_id          INTEGER NOT NULL REFERENCES complaint_box_emptyings(id),
    scanned_at           TEXT NOT NULL,
    scanned_by           INTEGER REFERENCES users(id),
    complaint_reference  TEXT NOT NULL,
    recorded_at          TEXT NOT NULL
);
CREATE INDEX complaint_box_scans_emptying ON complaint_box_scans (emptying_id, scanned_at);
