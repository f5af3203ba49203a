-- Crossnet catalogue. Portable between H2 (embedded default) and PostgreSQL: only types both accept.

CREATE TABLE setting (
    setting_key   VARCHAR(200)  PRIMARY KEY,
    setting_value VARCHAR(4000) NOT NULL
);

CREATE TABLE share (
    id           UUID          PRIMARY KEY,
    path         VARCHAR(4096) NOT NULL UNIQUE,
    name         VARCHAR(1024) NOT NULL,
    size         BIGINT        NOT NULL,
    mtime_millis BIGINT        NOT NULL,
    state        VARCHAR(16)   NOT NULL,
    detail       VARCHAR(1024),
    added_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    sha1         VARCHAR(64),
    ed2k         VARCHAR(64),
    aich         VARCHAR(64),
    tth          VARCHAR(64),
    btih         VARCHAR(64),
    ed2k_parts   BYTEA,
    torrent_info BYTEA,
    piece_length INTEGER
);

CREATE TABLE transfer (
    id          UUID          PRIMARY KEY,
    name        VARCHAR(1024) NOT NULL,
    state       VARCHAR(16)   NOT NULL,
    size        BIGINT        NOT NULL,
    sha1        VARCHAR(64),
    ed2k        VARCHAR(64),
    aich        VARCHAR(64),
    tth         VARCHAR(64),
    btih        VARCHAR(64),
    peers       VARCHAR(8000),
    trackers    VARCHAR(8000),
    metainfo    BYTEA,
    path        VARCHAR(4096),
    detail      VARCHAR(1024),
    added_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    resume_data BYTEA
);

CREATE INDEX transfer_btih ON transfer (btih);
CREATE INDEX transfer_ed2k ON transfer (ed2k);
CREATE INDEX transfer_sha1 ON transfer (sha1);
CREATE INDEX share_sha1 ON share (sha1);
