package org.crossnet.adapter.edonkey;

import java.util.ResourceBundle;
import java.util.function.BooleanSupplier;

/**
 * The context's logger, silenced once the adapter has closed: sockets still closing, or a connect attempt failing
 * after close, must not call into the context (the SPI forbids any call after {@code close()} returned).
 */
final class GatedLogger implements System.Logger {
    private final System.Logger delegate;
    private final BooleanSupplier closed;

    GatedLogger(System.Logger delegate, BooleanSupplier closed) {
        this.delegate = delegate;
        this.closed = closed;
    }

    @Override
    public String getName() {
        return delegate.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
        return !closed.getAsBoolean() && delegate.isLoggable(level);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        if (!closed.getAsBoolean()) {
            delegate.log(level, bundle, msg, thrown);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (!closed.getAsBoolean()) {
            delegate.log(level, bundle, format, params);
        }
    }
}
