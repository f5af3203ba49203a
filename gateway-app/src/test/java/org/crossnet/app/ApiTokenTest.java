package org.crossnet.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API token file: created owner-only with 256 random bits, reused as it is, replaced when deleted. */
class ApiTokenTest {
    @Test
    void createdOnFirstUseWithOwnerOnlyPermissions(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");

        ApiToken token = ApiToken.loadOrCreate(data);

        Path file = data.resolve(ApiToken.FILE_NAME);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo(token.value() + "\n");
        // 32 random bytes in unpadded base64url
        assertThat(token.value()).matches("[A-Za-z0-9_-]{43}");
        assertThat(token.matches(token.value())).isTrue();
        assertThat(token.matches(token.value() + "x")).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(null)).isFalse();
    }

    @Test
    void reusedOnRestartWithoutRewritingTheFile(@TempDir Path dir) throws Exception {
        ApiToken first = ApiToken.loadOrCreate(dir);
        Path file = dir.resolve(ApiToken.FILE_NAME);
        FileTime stamp = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, stamp);

        ApiToken second = ApiToken.loadOrCreate(dir);

        assertThat(second.value()).isEqualTo(first.value());
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(stamp);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void deletingTheFileRotatesTheToken(@TempDir Path dir) throws Exception {
        ApiToken old = ApiToken.loadOrCreate(dir);
        Files.delete(dir.resolve(ApiToken.FILE_NAME));

        ApiToken rotated = ApiToken.loadOrCreate(dir);

        assertThat(rotated.value()).isNotEqualTo(old.value());
        assertThat(rotated.matches(old.value())).isFalse();
    }

    @Test
    void anOperatorWrittenTokenIsUsedAndATooShortOneRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(ApiToken.FILE_NAME);
        Files.writeString(file, "  chosen-by-the-operator-0123456789  \n");
        assertThat(ApiToken.loadOrCreate(dir).value()).isEqualTo("chosen-by-the-operator-0123456789");

        Files.writeString(file, "short\n");
        assertThatThrownBy(() -> ApiToken.loadOrCreate(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shorter than 16 characters");
    }
}
