package org.crossnet.testkit.scripted;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The script of the {@code scripted} test adapter, bound from {@code crossnet.adapters.scripted.*}. Every component
 * has a harmless default ({@link #empty()}): no hits, no served files, no delays, whole-file verification; so an
 * application that merely has the testkit on its classpath discovers an adapter that finds and serves nothing.
 *
 * @param hits           hits reported for every query their name satisfies ({@code hits[i].name}, …)
 * @param serveDirectory a directory whose regular files are found by name and served by SHA-1
 *                       ({@code serve-directory}); null for none
 * @param responseDelay  how long a search waits before it reports ({@code response-delay}); 0..60 s
 * @param blockDelay     how long a download waits between 16 KiB blocks ({@code block-delay}), so tests can watch
 *                       a transfer in progress or pause it; 0..60 s
 * @param verification   how a download verifies what it wrote ({@code verification}: {@code file} or {@code block})
 */
public record ScriptedConfig(List<ScriptedHit> hits, Path serveDirectory, Duration responseDelay, Duration blockDelay,
                             Verification verification) {
    private static final Duration MAX_DELAY = Duration.ofSeconds(60);

    /** How downloads verify the data they wrote. */
    public enum Verification {
        /** One SHA-1 of the whole file once every block is written: unit kind {@code scripted-file}. */
        FILE("scripted-file"),
        /** The SHA-1 of each 16 KiB block against the served file's block: unit kind {@code scripted-block}. */
        BLOCK("scripted-block");

        private final String unitKind;

        Verification(String unitKind) {
            this.unitKind = unitKind;
        }

        /** The {@link org.crossnet.spi.VerificationUnit#kind()} reported. */
        public String unitKind() {
            return unitKind;
        }
    }

    public ScriptedConfig {
        hits = hits == null ? List.of() : List.copyOf(hits);
        responseDelay = checkDelay("response-delay", responseDelay);
        blockDelay = checkDelay("block-delay", blockDelay);
        verification = verification == null ? Verification.FILE : verification;
    }

    /** The default script: nothing to find, nothing to serve. */
    public static ScriptedConfig empty() {
        return new ScriptedConfig(List.of(), null, Duration.ZERO, Duration.ZERO, Verification.FILE);
    }

    /** A script serving the files of {@code directory}, with no scripted hits and no delays. */
    public static ScriptedConfig serving(Path directory) {
        return new ScriptedConfig(List.of(), directory, Duration.ZERO, Duration.ZERO, Verification.FILE);
    }

    private static Duration checkDelay(String key, Duration delay) {
        if (delay == null) {
            return Duration.ZERO;
        }
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException(key + ": " + delay + " (expected: 0s.." + MAX_DELAY.toSeconds() + "s)");
        }
        return delay;
    }
}
