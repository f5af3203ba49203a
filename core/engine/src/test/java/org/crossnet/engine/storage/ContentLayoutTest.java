package org.crossnet.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.ContentFile;
import org.crossnet.spi.model.TransferId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ContentPaths#reserveLayout}, {@link ContentPaths#layoutAt} and {@link ContentPaths#delete}: a multi-file
 * download in its own folder, sanitised and collision-free, never reaching outside the download folder.
 */
class ContentLayoutTest {
    @TempDir
    Path root;
    Path downloads;
    Path outside;
    ContentPaths paths;

    @BeforeEach
    void folders() throws IOException {
        downloads = Files.createDirectory(root.resolve("downloads")).toRealPath();
        outside = Files.createDirectory(root.resolve("outside")).toRealPath();
        paths = new ContentPaths(downloads);
    }

    /** Files of the given paths ('/'-separated components) and lengths, offsets added up. */
    static List<ContentFile> files(Object... pathsAndLengths) {
        List<ContentFile> files = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < pathsAndLengths.length; i += 2) {
            Object path = pathsAndLengths[i];
            @SuppressWarnings("unchecked")
            List<String> components = path instanceof List ? (List<String>) path : List.of(((String) path).split("/"));
            long length = ((Number) pathsAndLengths[i + 1]).longValue();
            files.add(new ContentFile(components, length, offset));
            offset += length;
        }
        return files;
    }

    List<String> everythingUnder(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aTorrentsFilesGoToTheirPathsInsideItsFolder() throws IOException {
        ContentLayout layout = paths.reserveLayout("N", files("a/x.bin", 10, "y", 0));

        assertThat(layout.folder()).isEqualTo(downloads.resolve("N"));
        assertThat(layout.files()).containsExactly(
                new StoredFile(downloads.resolve("N/a/x.bin"), downloads.resolve("N/a/x.bin.crossnet-part"), 10, 0),
                new StoredFile(downloads.resolve("N/y"), downloads.resolve("N/y.crossnet-part"), 0, 10));
        assertThat(everythingUnder(downloads)).containsExactly("N", "N/a", "N/a/x.bin.crossnet-part",
                "N/y.crossnet-part");
        assertThat(layout.relativeFiles()).isEqualTo(files("a/x.bin", 10, "y", 0));
    }

    @Test
    void aMagnetsOwnPlaceholderDoesNotPushItsFolderAside() throws IOException {
        ContentTarget placeholder = paths.reserve("N");
        ContentTarget other = paths.reserve("M");

        ContentLayout own = paths.reserveLayout("N", files("x.bin", 1, "y.bin", 1), placeholder.partFile());
        ContentLayout foreign = paths.reserveLayout("M", files("x.bin", 1, "y.bin", 1), placeholder.partFile());

        assertThat(own.folder()).isEqualTo(downloads.resolve("N"));
        // another download's part file still claims its name
        assertThat(foreign.folder()).isEqualTo(downloads.resolve("M (1)"));
        assertThat(other.partFile()).exists();
    }

    @Test
    void theFolderNameIsCollisionResolvedLikeFileNames() throws IOException {
        Files.createDirectory(downloads.resolve("N"));
        Files.writeString(downloads.resolve("N (1).crossnet-part"), "a single-file download of that name");
        Files.createSymbolicLink(downloads.resolve("N (2)"), outside);

        ContentLayout layout = paths.reserveLayout("N", files("f", 1));

        assertThat(layout.folder()).isEqualTo(downloads.resolve("N (3)"));
        assertThat(outside.toFile().list()).isEmpty();
    }

    @Test
    void hostileNamesStayInsideTheFolder() throws IOException {
        Files.createSymbolicLink(downloads.resolve("unnamed"), outside);
        ContentLayout layout = paths.reserveLayout("..", files(
                List.of("..", "..", "escape.txt"), 1,
                List.of("/etc/passwd"), 2,
                List.of("/", "abs"), 3,
                List.of("nul\u0000byte", "x"), 4,
                List.of(".", "dot"), 5,
                List.of("C:\\Windows", "win.ini"), 6));

        Path folder = layout.folder();
        assertThat(folder).isEqualTo(downloads.resolve("unnamed (1)"));
        assertThat(layout.relativeFiles()).extracting(ContentFile::path).containsExactly(
                List.of("unnamed", "unnamed", "escape.txt"),
                List.of("_etc_passwd"),
                List.of("_", "abs"),
                List.of("nulbyte", "x"),
                List.of("unnamed", "dot"),
                List.of("C__Windows", "win.ini"));
        for (StoredFile f : layout.files()) {
            assertThat(f.partFile()).isRegularFile();
            assertThat(f.partFile().toRealPath()).startsWith(folder);
        }
        assertThat(outside.toFile().list()).isEmpty();
        assertThat(root.resolve("escape.txt")).doesNotExist();
    }

    @Test
    void namesClashingInsideTheLayoutGetCounters() {
        ContentLayout layout = paths.reserveLayout("t", files(
                "x", 1,           // a file x, then a directory x: the directory moves aside
                "x/y", 1,
                "d/z", 1,         // a directory d, then a file d: the file moves aside
                "d", 1,
                "a:", 1,          // both sanitise to a_
                "a_", 1,
                "p.crossnet-part", 1, // a file named like the next one's part file
                "p", 1,
                "x/w", 1));       // the same directory again: the one x/y went to

        assertThat(layout.relativeFiles()).extracting(f -> String.join("/", f.path())).containsExactly(
                "x", "x (1)/y", "d/z", "d (1)", "a_", "a_ (1)", "p.crossnet-part", "p (1)", "x (1)/w");
    }

    @Test
    void badFileListsAreRejectedBeforeAnythingIsCreated() throws IOException {
        assertThatThrownBy(() -> paths.reserveLayout("t", List.of()))
                .isInstanceOfSatisfying(GatewayException.class,
                        e -> assertThat(e.code()).isEqualTo(GatewayErrorCode.INVALID_ARGUMENT))
                .hasMessage("files: 0 (expected: 1..100000 files)");
        assertThatThrownBy(() -> paths.reserveLayout("t", files("ok", 1, Collections.nCopies(65, "d"), 1)))
                .hasMessage("files[1].path: 65 components (expected: 1..64 components)");
        assertThat(everythingUnder(downloads)).isEmpty();
    }

    @Test
    void aReservationFailingHalfwayLeavesNothingBehind() throws IOException {
        // 20 directories of 250 bytes exceed PATH_MAX (4096) on the way: creating them fails after the first ones
        List<String> deep = new ArrayList<>(Collections.nCopies(20, "d".repeat(250)));
        deep.add("f");

        assertThatThrownBy(() -> paths.reserveLayout("t", files("first", 1, deep, 1)))
                .isInstanceOf(GatewayException.class);

        assertThat(everythingUnder(downloads)).isEmpty();
    }

    @Test
    void aStoredLayoutIsRebuiltAndATamperedOneRefused() {
        ContentLayout layout = paths.reserveLayout("album", files("cd1/01.ogg", 5, "cover.jpg", 6));

        ContentLayout again = paths.layoutAt(layout.folder(), layout.relativeFiles());

        assertThat(again).isEqualTo(layout);
        assertThatThrownBy(() -> paths.layoutAt(layout.folder(), files(List.of("..", "x"), 1)))
                .hasMessage("files[0].path: .. (expected: a sanitised name)");
        assertThatThrownBy(() -> paths.layoutAt(layout.folder(), files(List.of("a/b"), 1)))
                .hasMessage("files[0].path: a/b (expected: a sanitised name)");
        assertThatThrownBy(() -> paths.layoutAt(outside, layout.relativeFiles()))
                .hasMessage("folder: outside (expected: a folder inside the download folder)");
        assertThatThrownBy(() -> paths.layoutAt(downloads, layout.relativeFiles()))
                .hasMessageStartingWith("folder: ");
    }

    @Test
    void deleteRemovesFilesAndEmptyFoldersButNotWhatOthersPutThereNorLinkTargets() throws IOException {
        ContentLayout layout = paths.reserveLayout("album", files("cd1/01.ogg", 5, "cd2/02.ogg", 6, "x", 0));
        FileStoredContent content = FileStoredContent.create(TransferId.random(), layout.files());
        content.write(0, ByteBuffer.wrap(new byte[11]));
        content.finish();
        content.close();
        Path keep = Files.writeString(layout.folder().resolve("cd2/notes.txt"), "mine");
        Path secret = Files.writeString(outside.resolve("secret"), "keep");
        Files.delete(layout.files().get(2).file());
        Files.createSymbolicLink(layout.files().get(2).file(), secret);

        int left = paths.delete(layout);

        assertThat(left).isEqualTo(2); // cd2 and the folder hold notes.txt
        assertThat(everythingUnder(downloads)).containsExactly("album", "album/cd2", "album/cd2/notes.txt");
        assertThat(Files.readString(keep)).isEqualTo("mine");
        assertThat(Files.readString(secret)).isEqualTo("keep");
    }

    @Test
    void deleteRefusesAFolderOutsideTheDownloadFolder() throws IOException {
        Path victim = Files.writeString(outside.resolve("f"), "keep");
        ContentLayout foreign = new ContentLayout(outside, List.of(new StoredFile(victim, victim, 4, 0)));

        assertThat(paths.delete(foreign)).isEqualTo(1);
        assertThat(victim).exists();
    }
}
