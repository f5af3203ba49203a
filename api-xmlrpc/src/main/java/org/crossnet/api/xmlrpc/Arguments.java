package org.crossnet.api.xmlrpc;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.xmlrpc.XmlRpcRequest;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;

/**
 * The positional arguments of one call, read with the types its method declares. Every failure is an
 * {@link GatewayErrorCode#INVALID_ARGUMENT} naming the method and the argument, e.g.
 * {@code crossnet.transfer.get: argument 1: int 42 (expected: transfer id string)}. Not thread-safe (one per call).
 */
final class Arguments {
    private static final int ECHO_LIMIT = 80;

    private final MethodSpec method;
    private final XmlRpcRequest request;

    private Arguments(MethodSpec method, XmlRpcRequest request) {
        this.method = method;
        this.request = request;
    }

    /** Checks the argument count against the method's parameters. */
    static Arguments of(MethodSpec method, XmlRpcRequest request) {
        int given = request.getParameterCount();
        if (given != method.params().size()) {
            throw GatewayException.invalid(method.name() + ": arguments", given,
                    method.params().isEmpty() ? "none" : method.params().size() + ": " + method.paramText());
        }
        return new Arguments(method, request);
    }

    /** A non-null string. */
    String string(int index) {
        Object value = request.getParameter(index);
        if (value instanceof String) {
            return (String) value;
        }
        throw wrongType(index, value);
    }

    /** A string converted by a model parser whose IllegalArgumentException text becomes the detail. */
    <T> T parsed(int index, Function<String, T> parser) {
        String text = string(index);
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            throw new GatewayException(GatewayErrorCode.INVALID_ARGUMENT, field(index) + ": " + e.getMessage());
        }
    }

    /** An i4, or an i8 within the int range. */
    int int32(int index) {
        Object value = request.getParameter(index);
        if (value instanceof Integer) {
            return (Integer) value;
        }
        if (value instanceof Long && (Long) value == ((Long) value).intValue()) {
            return ((Long) value).intValue();
        }
        throw wrongType(index, value);
    }

    /** An i4, an i8, or a decimal string (Python's xmlrpc.client cannot send integers above 2^31 - 1). */
    long int64(int index) {
        return int64(field(index), request.getParameter(index), method.params().get(index).text());
    }

    boolean bool(int index) {
        Object value = request.getParameter(index);
        if (value instanceof Boolean) {
            return (Boolean) value;
        }
        throw wrongType(index, value);
    }

    byte[] base64(int index) {
        Object value = request.getParameter(index);
        if (value instanceof byte[]) {
            return (byte[]) value;
        }
        throw wrongType(index, value);
    }

    /** A struct with string keys. */
    @SuppressWarnings("unchecked")
    Map<String, Object> struct(int index) {
        Object value = request.getParameter(index);
        if (value instanceof Map && ((Map<?, ?>) value).keySet().stream().allMatch(String.class::isInstance)) {
            return (Map<String, Object>) value;
        }
        throw wrongType(index, value);
    }

    /** The method and argument position as it appears in error texts. */
    String field(int index) {
        return method.name() + ": argument " + (index + 1);
    }

    /** Reads a 64-bit integer member or argument; {@code field} and {@code expected} go into the error text. */
    static long int64(String field, Object value, String expected) {
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof String) {
            try {
                return Long.parseLong(((String) value).trim());
            } catch (NumberFormatException e) {
                throw GatewayException.invalid(field, describe(value), expected);
            }
        }
        throw GatewayException.invalid(field, describe(value), expected);
    }

    /** A list of strings from an XML-RPC array. */
    static List<String> strings(String field, Object value, String expected) {
        if (value instanceof Object[]) {
            Object[] items = (Object[]) value;
            for (Object item : items) {
                if (!(item instanceof String)) {
                    throw GatewayException.invalid(field, describe(value), expected);
                }
            }
            return List.of(java.util.Arrays.copyOf(items, items.length, String[].class));
        }
        throw GatewayException.invalid(field, describe(value), expected);
    }

    private GatewayException wrongType(int index, Object value) {
        return GatewayException.invalid(field(index), describe(value), method.params().get(index).text());
    }

    /** The XML-RPC type and (abbreviated) value a client sent, for error texts. */
    static String describe(Object value) {
        if (value == null) {
            return "nil";
        }
        if (value instanceof String) {
            return "string \"" + abbreviate((String) value) + "\"";
        }
        if (value instanceof Integer) {
            return "int " + value;
        }
        if (value instanceof Long) {
            return "i8 " + value;
        }
        if (value instanceof Boolean) {
            return "boolean " + value;
        }
        if (value instanceof Double) {
            return "double " + value;
        }
        if (value instanceof byte[]) {
            return "base64 (" + ((byte[]) value).length + " bytes)";
        }
        if (value instanceof Object[]) {
            return "array (" + ((Object[]) value).length + " items)";
        }
        if (value instanceof Map) {
            return "struct (" + ((Map<?, ?>) value).size() + " members)";
        }
        if (value instanceof java.util.Date) {
            return "dateTime.iso8601";
        }
        return "a value";
    }

    /** Client text shortened for echoing in a fault: a fault must not grow with the request. */
    static String abbreviate(String text) {
        return text.length() <= ECHO_LIMIT ? text : text.substring(0, ECHO_LIMIT) + "…";
    }
}
