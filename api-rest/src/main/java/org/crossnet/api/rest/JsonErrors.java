package org.crossnet.api.rest;

import java.util.Collection;
import java.util.Map;
import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Rewrites request-body and parameter failures as {@code "field: value (expected: …)"} texts. Jackson's own
 * messages name Java classes and parser state, so only its structured facts (path, token, location, value) are
 * used.
 */
final class JsonErrors {
    private static final int MAX_SHOWN = 80;

    private JsonErrors() {
    }

    static String describe(HttpMessageNotReadableException e) {
        JacksonException jackson = jacksonCause(e);
        if (jackson == null) {
            return e.getCause() == null && e.getMessage() != null && e.getMessage().startsWith("Required request body")
                    ? "body: missing (expected: a JSON object)"
                    : "body: unreadable (expected: a JSON object in UTF-8)";
        }
        return describe(jackson);
    }

    static String describe(JacksonException e) {
        String path = path(e);
        String field = path.isEmpty() ? "body" : path;
        if (e instanceof UnrecognizedPropertyException unknown) {
            return field + ": unknown member (expected: one of " + unknown.getKnownPropertyIds() + ")";
        }
        if (e instanceof InvalidFormatException format) {
            return field + ": " + shown(format.getValue()) + " (expected: " + expected(format.getTargetType()) + ")";
        }
        if (e instanceof MismatchedInputException mismatch) {
            String found = mismatch.getCurrentToken() == null ? "nothing" : token(mismatch.getCurrentToken());
            String expected = path.isEmpty() ? "a JSON object" : expected(mismatch.getTargetType());
            return field + ": " + found + " (expected: " + expected + ")";
        }
        if (e instanceof InputCoercionException coercion) {
            return field + ": out of range (expected: " + expected(coercion.getTargetType()) + ")";
        }
        if (e instanceof StreamReadException) {
            TokenStreamLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return "body: malformed JSON" + where + " (expected: a JSON object)";
        }
        return field + ": unreadable (expected: a JSON object as described in docs/api-rest.md)";
    }

    /** How a value of this Java type looks to a JSON or query-string client. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == int.class || type == Integer.class) {
            return "a 32-bit integer";
        }
        if (type == long.class || type == Long.class) {
            return "a 64-bit integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "a valid value";
    }

    /** A client-supplied value for an error text, quoted and cut short. */
    static String shown(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value.toString();
        if (text.length() > MAX_SHOWN) {
            text = text.substring(0, MAX_SHOWN) + "…";
        }
        return value instanceof String ? "\"" + text + "\"" : text;
    }

    private static String token(JsonToken token) {
        switch (token) {
            case START_ARRAY:
                return "a list";
            case START_OBJECT:
                return "an object";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
                return "an integer";
            case VALUE_NUMBER_FLOAT:
                return "a decimal number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return "unexpected JSON";
        }
    }

    private static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static JacksonException jacksonCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException jackson) {
                return jackson;
            }
        }
        return null;
    }
}
