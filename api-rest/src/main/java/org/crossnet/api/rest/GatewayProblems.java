package org.crossnet.api.rest;

import java.net.URI;
import java.util.Locale;
import org.crossnet.spi.error.GatewayErrorCode;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The REST error format (RFC 9457): {@code type} {@code urn:crossnet:error:<CODE_NAME>}, a title derived from the
 * code, {@code status}, {@code detail}, and the extension members {@code code} (the stable number) and
 * {@code codeName}. Public so that the application's security filter can answer 401s in the same form.
 */
public final class GatewayProblems {
    /** Prefix of every problem {@code type}. */
    public static final String TYPE_PREFIX = "urn:crossnet:error:";

    private GatewayProblems() {
    }

    /** A problem whose HTTP status is the code's own. */
    public static ProblemDetail of(GatewayErrorCode code, String detail) {
        return of(code, HttpStatusCode.valueOf(code.httpStatus()), detail);
    }

    /**
     * A problem with an HTTP status other than the code's own, for protocol-level errors HTTP names precisely
     * (405, 406, 415) while the code stays one clients already switch on.
     */
    public static ProblemDetail of(GatewayErrorCode code, HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + code.name()));
        problem.setTitle(title(code));
        problem.setProperty("code", code.number());
        problem.setProperty("codeName", code.name());
        return problem;
    }

    /** INVALID_ARGUMENT reads "Invalid argument". */
    static String title(GatewayErrorCode code) {
        String words = code.name().replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
