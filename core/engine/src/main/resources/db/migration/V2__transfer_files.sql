-- The file list of a multi-file transfer (a torrent with several files), so a restart restores its layout without
-- re-checking. Single-file transfers have no rows. path is the sanitised path relative to transfer.path (the
-- transfer's folder), components joined by '/'; the files cover the content's byte space in idx order.
-- Portable between H2 and PostgreSQL: OFFSET is reserved in both, hence file_offset.

CREATE TABLE transfer_file (
    transfer_id UUID          NOT NULL REFERENCES transfer (id) ON DELETE CASCADE,
    idx         INTEGER       NOT NULL,
    path        VARCHAR(4096) NOT NULL,
    length      BIGINT        NOT NULL,
    file_offset BIGINT        NOT NULL,
    PRIMARY KEY (transfer_id, idx)
);
