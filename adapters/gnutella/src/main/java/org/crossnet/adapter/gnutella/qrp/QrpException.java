package org.crossnet.adapter.gnutella.qrp;

/**
 * A route table update that cannot be applied (out of sequence, wrong size, corrupt or oversized data). QRP patches
 * are incremental, so the connection cannot recover: the session closes it. Reads {@code "field: value (expected: …)"}.
 */
public final class QrpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public QrpException(String field, Object value, String expected) {
        super(field + ": " + value + " (expected: " + expected + ")");
    }
}
