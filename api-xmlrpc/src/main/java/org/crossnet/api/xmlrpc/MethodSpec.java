package org.crossnet.api.xmlrpc;

import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.crossnet.engine.facade.Operation;

/**
 * One XML-RPC method: its name, the operation it serves (null for {@code system.*}), its signature for
 * {@code system.methodSignature}, a help line, and the body that reads the arguments and calls the facade.
 *
 * @param returns  the XML-RPC type of the result: struct, array, boolean or string
 * @param params   positional parameters in order
 */
record MethodSpec(String name, Operation operation, String returns, List<Param> params, String help,
                  Function<Arguments, Object> body) {
    MethodSpec {
        params = List.copyOf(params);
    }

    /**
     * One positional parameter.
     *
     * @param type         the XML-RPC type, e.g. {@code string}
     * @param description  what it is, e.g. {@code transfer id}; the error text reads "transfer id string"
     */
    record Param(String type, String description) {
        /** The expectation as error texts show it, e.g. {@code transfer id string}. */
        String text() {
            // Python's xmlrpc.client cannot send integers above 2^31 - 1, so 64-bit arguments also take text.
            return "i8".equals(type) ? description + " i8, int or decimal string" : description + " " + type;
        }
    }

    /** The parameters as error texts show them, e.g. {@code search id string, hit index int}. */
    String paramText() {
        return params.stream().map(Param::text).collect(Collectors.joining(", "));
    }

    /** The signature as {@code system.methodSignature} returns it: return type, then parameter types. */
    List<String> signature() {
        List<String> types = new java.util.ArrayList<>();
        types.add(returns);
        params.forEach(p -> types.add(p.type()));
        return List.copyOf(types);
    }
}
