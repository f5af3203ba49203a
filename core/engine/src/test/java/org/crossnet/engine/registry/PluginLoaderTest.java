package org.crossnet.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.crossnet.engine.EngineSettings;
import org.crossnet.engine.GatewayEngine;
import org.crossnet.engine.facade.AdapterState;
import org.crossnet.engine.facade.NetworkView;
import org.crossnet.spi.NetworkAdapterFactory;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third-party adapter compiled at test time into a jar that is on no classpath: dropped into the plugins folder,
 * it is found, configured from {@code crossnet.adapters.<id>.*} and started.
 */
class PluginLoaderTest {
    private static final String SOURCE = """
            package com.example.plugin;

            import java.util.Set;
            import org.crossnet.spi.*;

            public final class EchoAdapterFactory implements NetworkAdapterFactory<EchoAdapterFactory.Config> {
                public record Config(String greeting, int repeat) {
                    public Config {
                        if (repeat < 1) {
                            throw new IllegalArgumentException("repeat: " + repeat + " (expected: >= 1)");
                        }
                    }
                }

                @SuppressWarnings("unchecked")
                static <T extends Throwable> void sneaky(Throwable t) throws T {
                    throw (T) t;
                }

                public String id() { return "echo"; }
                public String displayName() { return "Echo"; }
                public Class<Config> configType() { return Config.class; }
                public Config defaultConfig() { return new Config("hello", 1); }

                public NetworkAdapter create(Config config, AdapterContext context) {
                    return new NetworkAdapter() {
                        public Set<AdapterCapability> capabilities() { return Set.of(); }
                        public void start() {
                            if (config.greeting().equals("taken")) {
                                EchoAdapterFactory.<RuntimeException>sneaky(
                                        new java.net.BindException("Address already in use"));
                            }
                        }
                        public String statusLine() { return config.greeting().repeat(config.repeat()); }
                        public void close() { }
                    };
                }
            }
            """;

    @TempDir
    Path temp;

    @Test
    void findsConfiguresAndStartsAnAdapterFromAPluginJar() throws IOException {
        Path data = temp.resolve("data");
        Path jar = Files.createDirectories(data.resolve("plugins")).resolve("echo-plugin.jar");
        buildPluginJar(jar);

        assertThat(PluginLoader.discover(getClass().getClassLoader(), data.resolve("plugins")))
                .extracting(NetworkAdapterFactory::id).contains("echo", "scripted");

        try (GatewayEngine engine = open(data, Map.of("greeting", "hi", "repeat", "2"))) {
            NetworkView echo = engine.service().networkList().stream()
                    .filter(n -> n.id().value().equals("echo")).findFirst().orElseThrow();
            assertThat(echo.state()).isEqualTo(AdapterState.RUNNING);
            assertThat(echo.detail()).isEqualTo("hihi");
            assertThat(echo.displayName()).isEqualTo("Echo");
        }
    }

    @Test
    void aPluginWithBadConfigFailsAloneWithThePreciseReason() throws IOException {
        Path data = temp.resolve("data");
        buildPluginJar(Files.createDirectories(data.resolve("plugins")).resolve("echo-plugin.jar"));
        try (GatewayEngine engine = open(data, Map.of("repeat", "0"))) {
            NetworkView echo = engine.service().networkList().stream()
                    .filter(n -> n.id().value().equals("echo")).findFirst().orElseThrow();
            assertThat(echo.state()).isEqualTo(AdapterState.FAILED);
            assertThat(echo.detail()).isEqualTo("crossnet.adapters.echo: repeat: 0 (expected: >= 1)");
            assertThat(engine.service().networkList()).filteredOn(n -> n.id().value().equals("scripted"))
                    .extracting(NetworkView::state).containsExactly(AdapterState.RUNNING);
        }
        try (GatewayEngine engine = open(data, Map.of("colour", "red"))) {
            NetworkView echo = engine.service().networkStatus(new org.crossnet.spi.model.NetworkId("echo"));
            assertThat(echo.detail()).startsWith("crossnet.adapters.echo.colour: red (expected: one of [greeting, repeat])");
        }
    }

    @Test
    void aCheckedExceptionThrownUndeclaredFromStartIsNamedAsItIs() throws IOException {
        Path data = temp.resolve("data");
        buildPluginJar(Files.createDirectories(data.resolve("plugins")).resolve("echo-plugin.jar"));
        try (GatewayEngine engine = open(data, Map.of("greeting", "taken"))) {
            NetworkView echo = engine.service().networkStatus(new org.crossnet.spi.model.NetworkId("echo"));
            assertThat(echo.state()).isEqualTo(AdapterState.FAILED);
            // not "state directory not writable", which an IOException used to be reported as, whatever threw it
            assertThat(echo.detail()).isEqualTo("adapter failed to start: BindException: Address already in use");
        }
    }

    @Test
    void aBrokenJarInThePluginsFolderIsSkipped() throws IOException {
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Files.write(plugins.resolve("garbage.jar"), new byte[] {1, 2, 3});
        assertThat(PluginLoader.discover(getClass().getClassLoader(), plugins))
                .extracting(NetworkAdapterFactory::id).contains("scripted");
    }

    private GatewayEngine open(Path data, Map<String, String> echoConfig) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + data.resolve("db/crossnet") + ";DB_CLOSE_ON_EXIT=FALSE");
        EngineSettings settings = new EngineSettings(data, data.resolve("downloads"), List.of(), 100,
                Duration.ofMinutes(1), id -> id.equals("echo") ? echoConfig : Map.of());
        return GatewayEngine.open(settings, ds, getClass().getClassLoader());
    }

    private void buildPluginJar(Path jar) throws IOException {
        Path src = Files.createDirectories(temp.resolve("src/com/example/plugin"));
        Path classes = Files.createDirectories(temp.resolve("classes"));
        Files.writeString(src.resolve("EchoAdapterFactory.java"), SOURCE);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = String.join(java.io.File.pathSeparator, location(NetworkAdapterFactory.class),
                location(io.netty.channel.EventLoopGroup.class), location(io.netty.util.concurrent.EventExecutorGroup.class));
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", classpath,
                src.resolve("EchoAdapterFactory.java").toString());
        assertThat(rc).as("javac exit code").isZero();
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            List<Path> files = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(classes)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            }
            for (Path f : files) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                jarOut.write(Files.readAllBytes(f));
                jarOut.closeEntry();
            }
            jarOut.putNextEntry(new JarEntry("META-INF/services/org.crossnet.spi.NetworkAdapterFactory"));
            jarOut.write("com.example.plugin.EchoAdapterFactory\n".getBytes(StandardCharsets.UTF_8));
            jarOut.closeEntry();
        }
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
