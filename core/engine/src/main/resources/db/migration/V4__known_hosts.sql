-- The hosts each network's adapter knows (AdapterContext.hosts(): bootstrap and host caches), kept across restarts.
-- One row per (network, host, port); host is the text the adapter gave (IPv4/IPv6 literal or DNS name, IPv6 without
-- brackets). kind is the network's word for the node (ultrapeer, leaf, server, kad). last_success is NULL until a
-- connection succeeded; failures counts attempts that failed since. attributes: "key=value" lines ('\n'-separated,
-- keys [a-z0-9._-], at most 16), NULL when none. The index serves the ranking (fewest failures, latest success,
-- latest seen) that orders loads and picks the rows to evict when a network is over its bound.
-- Portable between H2 and PostgreSQL: only types both accept; "port" and "kind" are not reserved in either.

CREATE TABLE known_host (
    network      VARCHAR(32)   NOT NULL,
    host         VARCHAR(253)  NOT NULL,
    port         INTEGER       NOT NULL,
    kind         VARCHAR(32)   NOT NULL,
    last_seen    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_success TIMESTAMP WITH TIME ZONE,
    failures     INTEGER       NOT NULL,
    attributes   VARCHAR(4000),
    PRIMARY KEY (network, host, port)
);

CREATE INDEX known_host_rank ON known_host (network, failures, last_success, last_seen);
