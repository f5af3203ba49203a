package org.crossnet.api.rest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.crossnet.engine.facade.Operation;

/**
 * Marks a handler method as the REST route of one {@link Operation}. The interceptor, the OpenAPI operation ids and
 * the mapping test all key on it: every operation has exactly one handler with {@code stream = false}.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ApiOperation {
    Operation value();

    /** True for an alternative rendering of the operation as a stream (event.poll as Server-Sent Events). */
    boolean stream() default false;
}
