package org.crossnet.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentPathsTest {
    @TempDir
    Path root;

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("movie.mkv", "movie.mkv"),
                Arguments.of("../../etc/passwd", "_.._etc_passwd"),
                Arguments.of("/etc/passwd", "_etc_passwd"),
                Arguments.of("C:\\x", "C__x"),
                Arguments.of("..\\..\\Windows\\win.ini", "_.._Windows_win.ini"),
                Arguments.of("a<b>c:d\"e|f?g*h", "a_b_c_d_e_f_g_h"),
                Arguments.of("CON.txt", "_CON.txt"),
                Arguments.of("con", "_con"),
                Arguments.of("Nul.tar.gz", "_Nul.tar.gz"),
                Arguments.of("COM1", "_COM1"),
                Arguments.of("lpt9 .txt", "_lpt9 .txt"),
                Arguments.of("CONSOLE.txt", "CONSOLE.txt"),
                Arguments.of("COM10", "COM10"),
                Arguments.of("a\u0000b\u0000.txt", "ab.txt"),
                Arguments.of("line\nbreak\ttab\u007f\u0085.txt", "linebreaktab.txt"),
                Arguments.of(".hidden", "hidden"),
                Arguments.of("  spaced  ", "spaced"),
                Arguments.of("name. . .", "name"),
                Arguments.of("...dots...in...name...", "dots...in...name"),
                Arguments.of("e\u0301t\u00e9.txt", "\u00e9t\u00e9.txt"),
                Arguments.of("\u65e5\u672c\u8a9e\u306e\u30d5\u30a1\u30a4\u30eb.mp3", "\u65e5\u672c\u8a9e\u306e\u30d5\u30a1\u30a4\u30eb.mp3"),
                Arguments.of("invoice\u202Etxt.exe", "invoicetxt.exe"),
                Arguments.of("\ud83c\udfb5 song.ogg", "\ud83c\udfb5 song.ogg"),
                Arguments.of("broken\ud800.txt", "broken.txt"));
    }

    @ParameterizedTest
    @MethodSource("names")
    void sanitizesNames(String name, String expected) {
        assertThat(ContentPaths.sanitize(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {".", "..", "...", " . . ", "\u0000", "\u0000\u0001..", "\u202E"})
    void namesWithNothingUsableBecomeUnnamed(String name) {
        assertThat(ContentPaths.sanitize(name)).isEqualTo(ContentPaths.FALLBACK_NAME);
    }

    @Test
    void overlongNamesAreCutTo255BytesKeepingTheExtension() {
        String ascii = ContentPaths.sanitize("a".repeat(300) + ".txt");
        assertThat(utf8(ascii)).isEqualTo(255);
        assertThat(ascii).endsWith("a.txt");

        // 2-byte and 4-byte characters: never cut inside one.
        String accented = ContentPaths.sanitize("\u00e9".repeat(200) + ".mkv");
        assertThat(utf8(accented)).isLessThanOrEqualTo(255).isGreaterThanOrEqualTo(254);
        assertThat(accented).endsWith("\u00e9.mkv").doesNotContain("\ufffd");
        String emoji = ContentPaths.sanitize("\ud83c\udfb5".repeat(100));
        assertThat(utf8(emoji)).isEqualTo(252);
        assertThat(emoji.codePoints()).allMatch(cp -> cp == 0x1F3B5);

        // A "extension" of more than 32 bytes is just the end of the name.
        String longTail = ContentPaths.sanitize("x." + "y".repeat(300));
        assertThat(utf8(longTail)).isEqualTo(255);
        assertThat(longTail).startsWith("x.yyy");

        // Cutting may expose trailing dots or spaces: they go too.
        String exposed = ContentPaths.sanitize("a".repeat(249) + "  ...." + "b".repeat(20) + ".iso");
        assertThat(exposed).isEqualTo("a".repeat(249) + ".iso");
    }

    static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void sanitizedNamesAreNfc() {
        String decomposed = Normalizer.normalize("Ångström résumé.pdf", Normalizer.Form.NFD);

        String clean = ContentPaths.sanitize(decomposed);

        assertThat(Normalizer.isNormalized(clean, Normalizer.Form.NFC)).isTrue();
        assertThat(clean).isEqualTo("Ångström résumé.pdf");
    }

    @Test
    void reserveCreatesThePartFileInsideTheFolder() throws Exception {
        ContentPaths paths = new ContentPaths(root);

        ContentTarget target = paths.reserve("../../etc/passwd");

        assertThat(target.file()).isEqualTo(root.toRealPath().resolve("_.._etc_passwd"));
        assertThat(target.partFile()).isEqualTo(root.toRealPath().resolve("_.._etc_passwd.crossnet-part"));
        assertThat(target.partFile()).isRegularFile();
        assertThat(target.file()).doesNotExist();
    }

    @Test
    void collisionsGetACounterBeforeTheExtension() throws Exception {
        ContentPaths paths = new ContentPaths(root);
        Files.writeString(root.resolve("b.txt"), "existing");

        assertThat(paths.reserve("a.txt").file().getFileName()).hasToString("a.txt");
        assertThat(paths.reserve("a.txt").file().getFileName()).hasToString("a (1).txt");
        assertThat(paths.reserve("a.txt").file().getFileName()).hasToString("a (2).txt");
        assertThat(paths.reserve("b.txt").file().getFileName()).hasToString("b (1).txt");
        assertThat(paths.reserve("noext").file().getFileName()).hasToString("noext");
        assertThat(paths.reserve("noext").file().getFileName()).hasToString("noext (1)");
        assertThat(paths.reserve("arc.tar.gz").file().getFileName()).hasToString("arc.tar.gz");
        assertThat(paths.reserve("arc.tar.gz").file().getFileName()).hasToString("arc.tar (1).gz");
        assertThat(Files.readString(root.resolve("b.txt"))).isEqualTo("existing");
    }

    @Test
    void longNamesWithCountersStillFitWithThePartSuffix() {
        ContentPaths paths = new ContentPaths(root);
        String name = "\u00e9".repeat(200) + ".mkv";

        ContentTarget first = paths.reserve(name);
        ContentTarget second = paths.reserve(name);

        for (ContentTarget t : List.of(first, second)) {
            assertThat(utf8(t.partFile().getFileName().toString())).isLessThanOrEqualTo(255);
            assertThat(t.file().getFileName().toString()).endsWith(".mkv");
        }
        assertThat(second.file().getFileName().toString()).endsWith(" (1).mkv");
        assertThat(second.file()).isNotEqualTo(first.file());
    }

    @Test
    void concurrentReservationsOfOneNameAreAllDistinct() throws Exception {
        ContentPaths paths = new ContentPaths(root);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ContentTarget>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(pool.submit(() -> paths.reserve("same.bin")));
            }
            Set<Path> files = new HashSet<>();
            for (Future<ContentTarget> f : futures) {
                files.add(f.get(30, TimeUnit.SECONDS).file());
            }
            assertThat(files).hasSize(40);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void multiFilePathsCreateSanitisedDirectoriesInsideTheFolder() throws Exception {
        ContentPaths paths = new ContentPaths(root);
        Path real = root.toRealPath();

        ContentTarget track = paths.reserve(List.of("Album", "CD1", "01.mp3"));
        ContentTarget again = paths.reserve(List.of("Album", "CD1", "01.mp3"));
        ContentTarget hostile = paths.reserve(List.of("..", "..", "/etc", "C:\\", "passwd"));

        assertThat(track.file()).isEqualTo(real.resolve("Album/CD1/01.mp3"));
        assertThat(again.file()).isEqualTo(real.resolve("Album/CD1/01 (1).mp3"));
        assertThat(hostile.file()).isEqualTo(real.resolve("unnamed/unnamed/_etc/C__/passwd"));
        assertThat(real.resolve("Album/CD1")).isDirectory();
        try (Stream<Path> outside = Files.list(real.getParent())) {
            assertThat(outside.map(p -> p.getFileName().toString())).doesNotContain("etc", "passwd");
        }
    }

    @Test
    void badComponentListsAreRejected() {
        ContentPaths paths = new ContentPaths(root);

        assertThatThrownBy(() -> paths.reserve(List.of()))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(GatewayErrorCode.INVALID_ARGUMENT))
                .hasMessage("path: 0 components (expected: 1..64 components)");
        assertThatThrownBy(() -> paths.reserve(Collections.nCopies(65, "d")))
                .hasMessage("path: 65 components (expected: 1..64 components)");
    }

    @Test
    void aFileWhereADirectoryIsNeededIsAConflict() throws Exception {
        ContentPaths paths = new ContentPaths(root);
        Files.writeString(root.resolve("Album"), "a file");

        assertThatThrownBy(() -> paths.reserve(List.of("Album", "01.mp3")))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(GatewayErrorCode.CONFLICT))
                .hasMessage("directory: Album (expected: a directory, found a file)");
    }

    @Test
    void aSymlinkedDirectoryLeadingOutsideIsRefused() throws Exception {
        Path folder = Files.createDirectory(root.resolve("downloads"));
        Path outside = Files.createDirectory(root.resolve("outside"));
        Files.createSymbolicLink(folder.resolve("evil"), outside);
        ContentPaths paths = new ContentPaths(folder);

        assertThatThrownBy(() -> paths.reserve(List.of("evil", "payload.sh")))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(GatewayErrorCode.CONFLICT))
                .hasMessageStartingWith("path: evil (expected: a directory inside the download folder");
        assertThatThrownBy(() -> paths.reserve(List.of("evil", "sub", "payload.sh")))
                .isInstanceOf(GatewayException.class);
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aSymlinkedDirectoryStayingInsideIsFollowed() throws Exception {
        Path folder = Files.createDirectory(root.resolve("downloads"));
        Path inside = Files.createDirectory(folder.resolve("real"));
        Files.createSymbolicLink(folder.resolve("alias"), inside);
        ContentPaths paths = new ContentPaths(folder);

        ContentTarget target = paths.reserve(List.of("alias", "x.bin"));

        assertThat(inside.resolve("x.bin.crossnet-part")).isRegularFile();
        assertThat(target.file().getFileName()).hasToString("x.bin");
    }

    @Test
    void aSymlinkAtTheFileNameIsNeverWrittenThrough() throws Exception {
        Path folder = Files.createDirectory(root.resolve("downloads"));
        Path secret = Files.writeString(root.resolve("secret.txt"), "keep");
        Files.createSymbolicLink(folder.resolve("link.txt"), secret);
        Files.createSymbolicLink(folder.resolve("dangling.txt.crossnet-part"), root.resolve("nowhere"));
        ContentPaths paths = new ContentPaths(folder);

        ContentTarget linked = paths.reserve("link.txt");
        ContentTarget dangling = paths.reserve("dangling.txt");

        assertThat(linked.file().getFileName()).hasToString("link (1).txt");
        assertThat(dangling.file().getFileName()).hasToString("dangling (1).txt");
        assertThat(Files.readString(secret)).isEqualTo("keep");
        assertThat(root.resolve("nowhere")).doesNotExist();
    }

    @Test
    void aFolderReachedThroughASymlinkIsBoundedByItsRealPath() throws Exception {
        Path real = Files.createDirectory(root.resolve("real-downloads"));
        Path link = Files.createSymbolicLink(root.resolve("downloads"), real);

        ContentPaths paths = new ContentPaths(link);

        assertThat(paths.folder()).isEqualTo(real.toRealPath());
        assertThat(paths.reserve("a.bin").partFile()).isRegularFile().startsWith(real.toRealPath());
    }

    @Test
    void theFolderMustExist() {
        assertThatThrownBy(() -> new ContentPaths(root.resolve("missing")))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(GatewayErrorCode.INVALID_ARGUMENT))
                .hasMessageEndingWith("(expected: an existing directory)");
    }
}
