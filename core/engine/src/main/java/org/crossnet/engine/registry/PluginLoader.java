package org.crossnet.engine.registry;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.crossnet.spi.NetworkAdapterFactory;
import org.crossnet.spi.model.NetworkId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds adapter factories with {@link ServiceLoader}: first on the gateway's classpath, then in the jars of the
 * plugins folder (one class loader for all plugin jars, child of the gateway's). The first factory of an id wins; a
 * later one with the same id, or one with an invalid id, is skipped with a warning.
 */
public final class PluginLoader {
    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

    private PluginLoader() {
    }

    /** Factories by id, classpath first; {@code pluginsFolder} may be absent. */
    public static List<NetworkAdapterFactory<?>> discover(ClassLoader parent, Path pluginsFolder) {
        Map<String, NetworkAdapterFactory<?>> found = new LinkedHashMap<>();
        collect(ServiceLoader.load(NetworkAdapterFactory.class, parent), found, "classpath");
        List<URL> jars = pluginJars(pluginsFolder);
        if (!jars.isEmpty()) {
            // Kept open for the life of the process: plugin classes stay in use until the JVM exits.
            URLClassLoader loader = new URLClassLoader("crossnet-plugins", jars.toArray(URL[]::new), parent);
            collect(ServiceLoader.load(NetworkAdapterFactory.class, loader), found, pluginsFolder.toString());
        }
        return List.copyOf(found.values());
    }

    @SuppressWarnings("rawtypes")
    private static void collect(ServiceLoader<NetworkAdapterFactory> loader, Map<String, NetworkAdapterFactory<?>> found,
                                String origin) {
        var iterator = loader.iterator();
        while (true) {
            NetworkAdapterFactory<?> factory;
            try {
                if (!iterator.hasNext()) {
                    return;
                }
                factory = iterator.next();
            } catch (ServiceConfigurationError e) {
                LOG.warn("skipping an adapter factory from {}: {}", origin, e.getMessage());
                continue;
            }
            String id = factory.id();
            try {
                new NetworkId(id);
            } catch (IllegalArgumentException e) {
                LOG.warn("skipping adapter factory {} from {}: {}", factory.getClass().getName(), origin, e.getMessage());
                continue;
            }
            if (found.containsKey(id)) {
                if (found.get(id).getClass() != factory.getClass()) {
                    LOG.warn("skipping adapter factory {} from {}: id '{}' already provided by {}",
                            factory.getClass().getName(), origin, id, found.get(id).getClass().getName());
                }
                continue;
            }
            found.put(id, factory);
        }
    }

    private static List<URL> pluginJars(Path folder) {
        List<URL> jars = new ArrayList<>();
        if (folder == null || !Files.isDirectory(folder)) {
            return jars;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.jar")) {
            for (Path jar : stream) {
                if (Files.isRegularFile(jar)) {
                    jars.add(jar.toUri().toURL());
                }
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException("plugin path not a URL", e);
        } catch (IOException e) {
            LOG.warn("cannot list plugins folder {}: {}", folder, e.getMessage());
        }
        jars.sort((a, b) -> a.toString().compareTo(b.toString()));
        return jars;
    }
}
