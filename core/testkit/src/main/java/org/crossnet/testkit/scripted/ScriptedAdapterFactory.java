package org.crossnet.testkit.scripted;

import org.crossnet.spi.AdapterContext;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.NetworkAdapterFactory;

/**
 * A TEST adapter, id {@code scripted}: an in-process "network" whose search results and downloadable files come
 * from its {@link ScriptedConfig}, so that engine and gateway end-to-end tests can drive searches and transfers
 * without sockets or peers. It is registered for {@link java.util.ServiceLoader} in the testkit jar, so any test
 * with the testkit on its classpath discovers it; with the default (empty) config it finds and serves nothing.
 * It never belongs in a production classpath.
 */
public final class ScriptedAdapterFactory implements NetworkAdapterFactory<ScriptedConfig> {
    /** The adapter's id and config prefix. */
    public static final String ID = "scripted";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Scripted (test adapter)";
    }

    @Override
    public Class<ScriptedConfig> configType() {
        return ScriptedConfig.class;
    }

    @Override
    public ScriptedConfig defaultConfig() {
        return ScriptedConfig.empty();
    }

    @Override
    public NetworkAdapter create(ScriptedConfig config, AdapterContext context) {
        if (config == null || context == null) {
            throw new IllegalArgumentException("config/context: null (expected: both present)");
        }
        return new ScriptedAdapter(config, context);
    }
}
