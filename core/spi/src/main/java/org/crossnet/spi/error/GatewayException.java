package org.crossnet.spi.error;

/**
 * The one unchecked exception that crosses the SPI and the facade. Its message is safe to show to API clients:
 * it never carries stack traces, parser internals or file-system paths outside the gateway's folders.
 */
public final class GatewayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final GatewayErrorCode code;
    private final int detailCode;

    public GatewayException(GatewayErrorCode code, String message) {
        this(code, 0, message, null);
    }

    public GatewayException(GatewayErrorCode code, String message, Throwable cause) {
        this(code, 0, message, cause);
    }

    /**
     * @param detailCode 0, or an adapter-specific code within
     *                   {@link GatewayErrorCode#ADAPTER_DETAIL_MIN}..{@link GatewayErrorCode#ADAPTER_DETAIL_MAX}
     */
    public GatewayException(GatewayErrorCode code, int detailCode, String message, Throwable cause) {
        super(message, cause);
        if (code == null) {
            throw new IllegalArgumentException("code: null (expected: a GatewayErrorCode)");
        }
        if (detailCode != 0 && (detailCode < GatewayErrorCode.ADAPTER_DETAIL_MIN
                || detailCode > GatewayErrorCode.ADAPTER_DETAIL_MAX)) {
            throw new IllegalArgumentException("detailCode: " + detailCode + " (expected: 0 or "
                    + GatewayErrorCode.ADAPTER_DETAIL_MIN + ".." + GatewayErrorCode.ADAPTER_DETAIL_MAX + ")");
        }
        this.code = code;
        this.detailCode = detailCode;
    }

    public GatewayErrorCode code() {
        return code;
    }

    /** 0 when the adapter gave no detail. */
    public int detailCode() {
        return detailCode;
    }

    /** Shorthand for an {@link GatewayErrorCode#INVALID_ARGUMENT} error reading {@code "field: value (expected: …)"}. */
    public static GatewayException invalid(String field, Object value, String expected) {
        return new GatewayException(GatewayErrorCode.INVALID_ARGUMENT,
                field + ": " + value + " (expected: " + expected + ")");
    }

    /** Shorthand for a {@link GatewayErrorCode#NOT_FOUND} error. */
    public static GatewayException notFound(String what, Object id) {
        return new GatewayException(GatewayErrorCode.NOT_FOUND, what + " not found: " + id);
    }
}
