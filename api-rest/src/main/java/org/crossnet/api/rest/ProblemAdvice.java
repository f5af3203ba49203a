package org.crossnet.api.rest;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.stream.Collectors;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The REST front-end's one error mapper: every failure of a handler in this package becomes an
 * {@code application/problem+json} document built by {@link GatewayProblems}. Request errors name the offending
 * member as {@code "field: value (expected: …)"}; nothing from a parser or a stack trace reaches the client.
 * Scoped to this package so that the SOAP and XML-RPC front-ends keep their own fault formats.
 */
@RestControllerAdvice(basePackageClasses = RestApiConfiguration.class)
final class ProblemAdvice {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(GatewayException.class)
    ResponseEntity<ProblemDetail> gateway(GatewayException e) {
        return respond(GatewayProblems.of(e.code(), e.getMessage()), new HttpHeaders());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        return invalid(JsonErrors.describe(e));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return invalid(e.getName() + ": " + JsonErrors.shown(e.getValue()) + " (expected: "
                + JsonErrors.expected(e.getRequiredType()) + ")");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
        return invalid(e.getParameterName() + ": missing (expected: a query parameter of type "
                + e.getParameterType() + ")");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> methodNotAllowed(HttpRequestMethodNotSupportedException e,
                                                   HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAllow(e.getSupportedHttpMethods());
        String allowed = String.join(", ", e.getSupportedMethods() == null ? new String[0] : e.getSupportedMethods());
        return respond(GatewayProblems.of(GatewayErrorCode.INVALID_ARGUMENT, HttpStatus.METHOD_NOT_ALLOWED,
                "method: " + e.getMethod() + " " + request.getRequestURI() + " (expected: " + allowed + ")"),
                headers);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        HttpHeaders headers = new HttpHeaders();
        headers.setAccept(e.getSupportedMediaTypes());
        String got = e.getContentType() == null ? "missing" : e.getContentType().toString();
        return respond(GatewayProblems.of(GatewayErrorCode.INVALID_ARGUMENT, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type: " + got + " (expected: " + types(e.getSupportedMediaTypes()) + ")"), headers);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ProblemDetail> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return respond(GatewayProblems.of(GatewayErrorCode.INVALID_ARGUMENT, HttpStatus.NOT_ACCEPTABLE,
                "Accept: " + JsonErrors.shown(accept) + " (expected: " + types(e.getSupportedMediaTypes()) + ")"),
                new HttpHeaders());
    }

    /** The client went away mid-response: nothing can be sent, and nothing is wrong on our side. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void clientGone(AsyncRequestNotUsableException e) {
        LOG.debug("client disconnected: {}", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
            // Other Spring MVC request errors (missing header, ...): its detail text is generic and safe.
            String detail = response.getBody().getDetail();
            return respond(GatewayProblems.of(GatewayErrorCode.INVALID_ARGUMENT, response.getStatusCode(),
                    detail == null ? "request: rejected (expected: a request as described in docs/api-rest.md)"
                            : detail), new HttpHeaders());
        }
        LOG.error("unexpected failure in {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(GatewayProblems.of(GatewayErrorCode.INTERNAL,
                "internal error; the gateway log has the details"), new HttpHeaders());
    }

    private static ResponseEntity<ProblemDetail> invalid(String detail) {
        return respond(GatewayProblems.of(GatewayErrorCode.INVALID_ARGUMENT, detail), new HttpHeaders());
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(HttpStatusCode.valueOf(problem.getStatus()))
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static String types(List<MediaType> types) {
        return types.isEmpty() ? "none" : types.stream().map(MediaType::toString).collect(Collectors.joining(", "));
    }
}
