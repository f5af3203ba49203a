package org.crossnet.engine.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.junit.jupiter.api.Test;

class AdapterConfigBinderTest {
    enum Mode { LEAF, ULTRAPEER }

    record Config(int listenPort, long maxBytes, boolean dht, String nick, Path stateFile, Duration timeout,
                  Mode mode, List<String> bootstrap) {
        Config {
            if (listenPort < 0 || listenPort > 65535) {
                throw new IllegalArgumentException("listenPort: " + listenPort + " (expected: 0..65535)");
            }
        }
    }

    private static final Config DEFAULTS = new Config(6881, 1L << 40, true, "crossnet", Path.of("state"),
            Duration.ofSeconds(30), Mode.LEAF, List.of());

    @Test
    void keepsDefaultsForKeysNotGiven() {
        assertThat(AdapterConfigBinder.bind("bt", Config.class, DEFAULTS, Map.of())).isEqualTo(DEFAULTS);
    }

    @Test
    void bindsEveryTypeFromKebabKeys() {
        Config c = AdapterConfigBinder.bind("bt", Config.class, DEFAULTS, Map.of(
                "listen-port", "7000", "max-bytes", "5368709120", "dht", "false", "nick", "x",
                "state-file", "/tmp/s", "timeout", "250ms", "mode", "ultrapeer", "bootstrap", "a:1, b:2,"));
        assertThat(c).isEqualTo(new Config(7000, 5_368_709_120L, false, "x", Path.of("/tmp/s"),
                Duration.ofMillis(250), Mode.ULTRAPEER, List.of("a:1", "b:2")));
        assertThat(AdapterConfigBinder.bind("bt", Config.class, DEFAULTS, Map.of("timeout", "PT2M")).timeout())
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(AdapterConfigBinder.bind("bt", Config.class, DEFAULTS, Map.of("timeout", "5m")).timeout())
                .isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void refusesUnknownKeysNamingThem() {
        assertThatThrownBy(() -> AdapterConfigBinder.bind("bt", Config.class, DEFAULTS, Map.of("listen-prot", "1")))
                .isInstanceOf(GatewayException.class)
                .hasMessageContaining("crossnet.adapters.bt.listen-prot")
                .hasMessageContaining("listen-port")
                .satisfies(e -> assertThat(((GatewayException) e).code()).isEqualTo(GatewayErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void refusesMalformedValuesNamingKeyAndExpectation() {
        assertThatThrownBy(() -> AdapterConfigBinder.bind("bt", Config.class, DEFAULTS, Map.of("listen-port", "x")))
                .hasMessage("crossnet.adapters.bt.listen-port: x (expected: a int value)");
        assertThatThrownBy(() -> AdapterConfigBinder.bind("bt", Config.class, DEFAULTS, Map.of("dht", "yes")))
                .hasMessageContaining("crossnet.adapters.bt.dht: yes");
        assertThatThrownBy(() -> AdapterConfigBinder.bind("bt", Config.class, DEFAULTS, Map.of("mode", "hub")))
                .hasMessageContaining("one of [LEAF, ULTRAPEER]");
        assertThatThrownBy(() -> AdapterConfigBinder.bind("bt", Config.class, DEFAULTS, Map.of("timeout", "")))
                .hasMessageContaining("crossnet.adapters.bt.timeout");
        assertThatThrownBy(() -> AdapterConfigBinder.bind("bt", Config.class, DEFAULTS, Map.of("timeout", "P1X")))
                .hasMessageContaining("crossnet.adapters.bt.timeout");
    }

    @Test
    void reportsTheRecordsOwnValidation() {
        assertThatThrownBy(() -> AdapterConfigBinder.bind("bt", Config.class, DEFAULTS, Map.of("listen-port", "70000")))
                .hasMessage("crossnet.adapters.bt: listenPort: 70000 (expected: 0..65535)");
    }

    @Test
    void kebabCase() {
        assertThat(AdapterConfigBinder.kebab("maxUploadSlots")).isEqualTo("max-upload-slots");
        assertThat(AdapterConfigBinder.kebab("port")).isEqualTo("port");
    }
}
