-- Per-transfer rate limits (transfer.limit) and the peers a transfer was given for one network only (the sources of
-- a search hit go to the network that found them, not to every network).
-- download_limit, upload_limit: bytes/second, 0 = no limit; existing rows get 0.
-- network_peers: one "<network id> <host:port>" per line ('\n'-separated, as transfer.peers), NULL when none.
-- Portable between H2 and PostgreSQL: one column per ALTER TABLE, DEFAULT before NOT NULL.

ALTER TABLE transfer ADD COLUMN download_limit BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE transfer ADD COLUMN upload_limit BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE transfer ADD COLUMN network_peers VARCHAR(16000);
