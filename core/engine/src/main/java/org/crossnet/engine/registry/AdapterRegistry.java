package org.crossnet.engine.registry;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.crossnet.engine.events.EventBus;
import org.crossnet.engine.facade.AdapterState;
import org.crossnet.engine.facade.NetworkView;
import org.crossnet.engine.persistence.HostRepository;
import org.crossnet.engine.persistence.SettingsRepository;
import org.crossnet.spi.AdapterCapability;
import org.crossnet.spi.ContentStore;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.NetworkAdapterFactory;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.NetworkId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every adapter the gateway found, with its lifecycle: enable (create + start), disable (close), restart, status.
 * Whether an adapter is enabled is remembered in the catalogue; without a remembered choice the config key
 * {@code crossnet.adapters.<id>.enabled} decides (default true). Lifecycle calls are serialised per registry and
 * may block while an adapter starts or closes; status reads never block.
 */
public final class AdapterRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdapterRegistry.class);
    private static final String ENABLED_KEY = "enabled";

    /** Told when adapters come and go, so transfers, searches and shares can attach to them. */
    public interface Listener {
        void started(NetworkId network, NetworkAdapter adapter);

        void stopping(NetworkId network, NetworkAdapter adapter);
    }

    private final Map<NetworkId, Entry> entries = new LinkedHashMap<>();
    private final Function<String, Map<String, String>> configSource;
    private final SettingsRepository settings;
    private final HostRepository hosts;
    private final EventBus bus;
    private final ContentStore content;
    private final EventLoopGroup eventLoops;
    private final Executor blockingExecutor;
    private final Clock clock;
    private final Path stateRoot;
    private final List<Listener> listeners = new ArrayList<>();

    /**
     * @param configSource properties of one adapter id, keys relative to {@code crossnet.adapters.<id>.}
     * @param hosts        the known hosts of every network; each adapter sees its own through its context
     * @param stateRoot    parent of each adapter's private state directory
     */
    public AdapterRegistry(List<NetworkAdapterFactory<?>> factories, Function<String, Map<String, String>> configSource,
                           SettingsRepository settings, HostRepository hosts, EventBus bus, ContentStore content,
                           EventLoopGroup eventLoops, Executor blockingExecutor, Clock clock, Path stateRoot) {
        this.configSource = configSource;
        this.settings = settings;
        this.hosts = hosts;
        this.bus = bus;
        this.content = content;
        this.eventLoops = eventLoops;
        this.blockingExecutor = blockingExecutor;
        this.clock = clock;
        this.stateRoot = stateRoot;
        for (NetworkAdapterFactory<?> factory : factories) {
            entries.put(new NetworkId(factory.id()), new Entry(factory));
        }
    }

    public synchronized void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** Starts every adapter that is enabled. A failing adapter is left FAILED; the others start regardless. */
    public synchronized void startEnabled() {
        for (Map.Entry<NetworkId, Entry> e : entries.entrySet()) {
            if (enabledSetting(e.getKey())) {
                e.getValue().enabled = true;
                start(e.getKey(), e.getValue());
            }
        }
    }

    public synchronized List<NetworkView> list() {
        List<NetworkView> views = new ArrayList<>(entries.size());
        entries.forEach((id, entry) -> views.add(view(id, entry)));
        return views;
    }

    public synchronized NetworkView status(NetworkId id) {
        return view(id, entry(id));
    }

    public synchronized NetworkView enable(NetworkId id) {
        Entry entry = entry(id);
        settings.put(settingKey(id), "true");
        entry.enabled = true;
        if (entry.adapter == null) {
            start(id, entry);
        }
        return view(id, entry);
    }

    public synchronized NetworkView disable(NetworkId id) {
        Entry entry = entry(id);
        settings.put(settingKey(id), "false");
        entry.enabled = false;
        stop(id, entry);
        setState(id, entry, AdapterState.DISABLED, "");
        return view(id, entry);
    }

    public synchronized NetworkView restart(NetworkId id) {
        Entry entry = entry(id);
        if (!entry.enabled) {
            throw new GatewayException(GatewayErrorCode.CONFLICT, "network " + id + " is disabled; enable it instead");
        }
        stop(id, entry);
        start(id, entry);
        return view(id, entry);
    }

    /** True when the id names a known adapter. */
    public synchronized boolean exists(NetworkId id) {
        return entries.containsKey(id);
    }

    /** Running adapters declaring {@code capability}, in discovery order. */
    public synchronized Map<NetworkId, NetworkAdapter> running(AdapterCapability capability) {
        Map<NetworkId, NetworkAdapter> result = new LinkedHashMap<>();
        entries.forEach((id, entry) -> {
            if (entry.state == AdapterState.RUNNING && entry.capabilities.contains(capability)) {
                result.put(id, entry.adapter);
            }
        });
        return result;
    }

    /** The running adapter of a network, if it runs. */
    public synchronized Optional<NetworkAdapter> runningAdapter(NetworkId id) {
        Entry entry = entries.get(id);
        return entry != null && entry.state == AdapterState.RUNNING ? Optional.of(entry.adapter) : Optional.empty();
    }

    @Override
    public synchronized void close() {
        entries.forEach(this::stop);
    }

    private Entry entry(NetworkId id) {
        Entry entry = entries.get(id);
        if (entry == null) {
            throw GatewayException.notFound("network", id);
        }
        return entry;
    }

    private boolean enabledSetting(NetworkId id) {
        return settings.get(settingKey(id))
                .or(() -> Optional.ofNullable(configSource.apply(id.value()).get(ENABLED_KEY)))
                .map(Boolean::parseBoolean)
                .orElse(true);
    }

    private static String settingKey(NetworkId id) {
        return "network." + id + ".enabled";
    }

    private void start(NetworkId id, Entry entry) {
        setState(id, entry, AdapterState.STARTING, "");
        NetworkAdapter adapter = null;
        try {
            Map<String, String> props = new LinkedHashMap<>(configSource.apply(id.value()));
            props.remove(ENABLED_KEY);
            Record config = bindConfig(entry.factory, props);
            Path stateDir;
            try {
                stateDir = Files.createDirectories(stateRoot.resolve(id.value()));
            } catch (IOException e) {
                failStart(id, entry, null, "state directory not writable: " + e.getMessage());
                return;
            }
            GuardedAdapterContext context = new GuardedAdapterContext(id, bus, content, eventLoops, blockingExecutor,
                    clock, stateDir, hosts);
            adapter = create(entry.factory, config, context);
            Set<AdapterCapability> caps = adapter.capabilities().isEmpty() ? EnumSet.noneOf(AdapterCapability.class)
                    : EnumSet.copyOf(adapter.capabilities());
            adapter.start();
            entry.adapter = adapter;
            entry.context = context;
            entry.capabilities = caps;
            setState(id, entry, AdapterState.RUNNING, safeStatusLine(adapter));
            for (Listener listener : listeners) {
                listener.started(id, adapter);
            }
        } catch (GatewayException e) {
            failStart(id, entry, adapter, e.getMessage());
        } catch (Exception e) { // a plugin can throw a checked exception undeclared (Netty rethrows them so)
            LOG.error("adapter {} failed to start", id, e);
            failStart(id, entry, adapter, "adapter failed to start: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private void failStart(NetworkId id, Entry entry, NetworkAdapter adapter, String reason) {
        if (adapter != null) {
            closeQuietly(id, adapter);
        }
        entry.adapter = null;
        entry.context = null;
        setState(id, entry, AdapterState.FAILED, reason);
    }

    private void stop(NetworkId id, Entry entry) {
        if (entry.adapter == null) {
            return;
        }
        setState(id, entry, AdapterState.STOPPING, "");
        for (Listener listener : listeners) {
            try {
                listener.stopping(id, entry.adapter);
            } catch (RuntimeException e) {
                LOG.error("listener failed while {} stopped", id, e);
            }
        }
        closeQuietly(id, entry.adapter);
        entry.context.close();
        entry.adapter = null;
        entry.context = null;
        setState(id, entry, entry.enabled ? AdapterState.FAILED : AdapterState.DISABLED,
                entry.enabled ? "stopped" : "");
    }

    private static void closeQuietly(NetworkId id, NetworkAdapter adapter) {
        try {
            adapter.close();
        } catch (RuntimeException e) {
            LOG.error("adapter {} failed to close", id, e);
        }
    }

    private void setState(NetworkId id, Entry entry, AdapterState state, String detail) {
        entry.state = state;
        entry.detail = detail;
        bus.publish(new GatewayEvent.AdapterStateChanged(id, state.name(), detail));
    }

    private NetworkView view(NetworkId id, Entry entry) {
        String detail = entry.state == AdapterState.RUNNING ? safeStatusLine(entry.adapter) : entry.detail;
        return new NetworkView(id, entry.factory.displayName(), entry.enabled, entry.state, entry.capabilities, detail);
    }

    private static String safeStatusLine(NetworkAdapter adapter) {
        try {
            String line = adapter.statusLine();
            return line == null ? "" : line;
        } catch (RuntimeException e) {
            return "status unavailable";
        }
    }

    @SuppressWarnings("unchecked")
    private static <C extends Record> C bindConfig(NetworkAdapterFactory<C> factory, Map<String, String> props) {
        return AdapterConfigBinder.bind(factory.id(), factory.configType(), factory.defaultConfig(), props);
    }

    @SuppressWarnings("unchecked")
    private static <C extends Record> NetworkAdapter create(NetworkAdapterFactory<C> factory, Record config,
                                                            GuardedAdapterContext context) {
        return factory.create((C) config, context);
    }

    private static final class Entry {
        final NetworkAdapterFactory<?> factory;
        boolean enabled;
        AdapterState state = AdapterState.DISABLED;
        String detail = "";
        Set<AdapterCapability> capabilities = EnumSet.noneOf(AdapterCapability.class);
        NetworkAdapter adapter;
        GuardedAdapterContext context;

        Entry(NetworkAdapterFactory<?> factory) {
            this.factory = factory;
        }
    }
}
