package org.crossnet.engine.registry;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;

/**
 * Binds {@code crossnet.adapters.<id>.<kebab-key>} properties to an adapter's config record, strictly: every key
 * must name a record component ({@code listen-port} → {@code listenPort}), unknown keys fail, values are converted
 * to the component's type, and components without a key keep the factory's default. The record's compact
 * constructor then validates the values.
 *
 * <p>Supported component types: String, int, long, boolean, double (and boxes), Path, Duration (ISO-8601 or
 * {@code 30s}/{@code 5m}/{@code 250ms}), enums (case-insensitive), and List/Set of String (comma-separated).
 */
public final class AdapterConfigBinder {
    private AdapterConfigBinder() {
    }

    /**
     * @param properties keys relative to the adapter prefix (e.g. {@code listen-port})
     * @throws GatewayException INVALID_ARGUMENT naming the offending key
     */
    public static <C extends Record> C bind(String adapterId, Class<C> type, C defaults, Map<String, String> properties) {
        RecordComponent[] components = type.getRecordComponents();
        if (components == null) {
            throw new GatewayException(GatewayErrorCode.INTERNAL, "config type of " + adapterId + " is not a record");
        }
        Set<String> known = new TreeSet<>();
        for (RecordComponent c : components) {
            known.add(kebab(c.getName()));
        }
        for (String key : properties.keySet()) {
            if (!known.contains(key)) {
                throw invalid(adapterId, key, properties.get(key), "one of " + known);
            }
        }
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent c = components[i];
            String key = kebab(c.getName());
            String raw = properties.get(key);
            try {
                args[i] = raw == null ? c.getAccessor().invoke(defaults)
                        : convert(raw.trim(), c.getType(), c.getGenericType());
            } catch (ReflectiveOperationException e) {
                throw new GatewayException(GatewayErrorCode.INTERNAL, "config of " + adapterId + " unreadable", e);
            } catch (RuntimeException e) {
                // NumberFormatException, DateTimeParseException, empty text: all mean the value is malformed.
                throw invalid(adapterId, key, raw, expectation(c.getType()));
            }
        }
        try {
            Constructor<C> ctor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            ctor.setAccessible(true);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            String reason = e.getCause() == null ? "rejected" : e.getCause().getMessage();
            throw new GatewayException(GatewayErrorCode.INVALID_ARGUMENT,
                    "crossnet.adapters." + adapterId + ": " + reason);
        } catch (ReflectiveOperationException e) {
            throw new GatewayException(GatewayErrorCode.INTERNAL, "config of " + adapterId + " not constructible", e);
        }
    }

    /** {@code listenPort} → {@code listen-port}. */
    public static String kebab(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                sb.append('-').append(Character.toLowerCase(ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    private static GatewayException invalid(String id, String key, String value, String expected) {
        return GatewayException.invalid("crossnet.adapters." + id + "." + key, value, expected);
    }

    private static String expectation(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        return "a " + type.getSimpleName() + " value";
    }

    private static Object convert(String raw, Class<?> type, Type generic) {
        if (type == String.class) {
            return raw;
        } else if (type == int.class || type == Integer.class) {
            return Integer.parseInt(raw);
        } else if (type == long.class || type == Long.class) {
            return Long.parseLong(raw);
        } else if (type == double.class || type == Double.class) {
            return Double.parseDouble(raw);
        } else if (type == boolean.class || type == Boolean.class) {
            if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(raw);
            }
            return Boolean.parseBoolean(raw);
        } else if (type == Path.class) {
            return Path.of(raw);
        } else if (type == Duration.class) {
            return parseDuration(raw);
        } else if (type.isEnum()) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(raw.replace('-', '_'))) {
                    return constant;
                }
            }
            throw new IllegalArgumentException(raw);
        } else if ((type == List.class || type == Set.class) && generic instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] == String.class) {
            List<String> items = new ArrayList<>();
            for (String part : raw.split(",")) {
                if (!part.isBlank()) {
                    items.add(part.trim());
                }
            }
            return type == List.class ? List.copyOf(items) : Set.copyOf(items);
        }
        throw new IllegalArgumentException("unsupported type " + type);
    }

    private static Duration parseDuration(String raw) {
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.startsWith("p")) {
            return Duration.parse(raw);
        }
        if (lower.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2)));
        }
        long n = Long.parseLong(lower.substring(0, lower.length() - 1));
        return switch (lower.charAt(lower.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException(raw);
        };
    }
}
