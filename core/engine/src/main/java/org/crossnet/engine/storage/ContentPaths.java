package org.crossnet.engine.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.ContentFile;

/**
 * Turns names that networks supply (untrusted: a peer chooses them) into paths strictly inside the download folder.
 *
 * <p>Each name or path component is sanitised by {@link #sanitize}; collisions get {@code " (1)"}, {@code " (2)"}
 * before the extension; directories of a multi-file path are created inside the folder only, and a symbolic link
 * (at the file's name or as a directory on the way) is never followed out of it. A reservation creates the part file
 * atomically, so two transfers never get the same name. Local users able to swap directories under the folder while
 * we reserve are outside the threat model.
 *
 * <p>Thread-safe: reservations are serialised.
 */
public final class ContentPaths {
    /** Suffix of a download's file while it is incomplete. */
    public static final String PART_SUFFIX = ".crossnet-part";
    /** Longest name most file systems accept (ext4, NTFS in UTF-16 units is more; we use the lower bound). */
    public static final int MAX_NAME_BYTES = 255;
    /** What an empty or wholly unusable name becomes. */
    public static final String FALLBACK_NAME = "unnamed";
    /** Most components of a multi-file path (a torrent's {@code path} list). */
    public static final int MAX_COMPONENTS = 64;
    static final int MAX_COLLISIONS = 9_999;
    /** A trailing {@code .xyz} longer than this is not an extension worth preserving. */
    private static final int MAX_EXTENSION_BYTES = 32;
    private static final int FILE_NAME_BYTES = MAX_NAME_BYTES - PART_SUFFIX.length();
    private static final String RESERVED_CHARS = "<>:\"|?*";
    private static final Set<String> RESERVED_NAMES = Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "COM\u00b9", "COM\u00b2", "COM\u00b3",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
            "LPT\u00b9", "LPT\u00b2", "LPT\u00b3");

    private final Path folder;

    /**
     * @param folder the download folder; must exist. Its real path (symbolic links resolved) is the boundary.
     * @throws GatewayException INVALID_ARGUMENT when it is not an existing directory
     */
    public ContentPaths(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            throw GatewayException.invalid("folder", folder, "an existing directory");
        }
        try {
            this.folder = folder.toRealPath();
        } catch (IOException e) {
            throw new GatewayException(GatewayErrorCode.INTERNAL, "folder: cannot resolve", e);
        }
    }

    /** The download folder's real path. */
    public Path folder() {
        return folder;
    }

    /**
     * A safe single file name of at most {@link #MAX_NAME_BYTES} UTF-8 bytes: NFC-normalised; path separators and
     * Windows-reserved characters {@code <>:"|?*} replaced by {@code _}; control, bidi-override and unpaired surrogate
     * characters removed; leading and trailing dots and spaces trimmed; Windows device names ({@code CON},
     * {@code NUL}, {@code COM1}, … also with an extension) prefixed with {@code _}; over-long names shortened keeping
     * the extension; nothing left → {@value #FALLBACK_NAME}.
     */
    public static String sanitize(String name) {
        return sanitize(name, MAX_NAME_BYTES);
    }

    static String sanitize(String name, int maxBytes) {
        if (name == null) {
            return FALLBACK_NAME;
        }
        String normalized = Normalizer.normalize(name, Normalizer.Form.NFC);
        StringBuilder cleaned = new StringBuilder(normalized.length());
        normalized.codePoints().forEach(cp -> {
            if (cp == '/' || cp == '\\' || RESERVED_CHARS.indexOf(cp) >= 0) {
                cleaned.append('_');
            } else if (!isInvisible(cp)) {
                cleaned.appendCodePoint(cp);
            }
        });
        String trimmed = trimDotsAndSpaces(cleaned.toString());
        if (trimmed.isEmpty()) {
            return FALLBACK_NAME;
        }
        if (isReservedDeviceName(trimmed)) {
            trimmed = "_" + trimmed;
        }
        return fit(trimmed, "", maxBytes);
    }

    /**
     * Reserves a file for a single-file download directly in the folder.
     *
     * @see #reserve(List)
     */
    public ContentTarget reserve(String name) {
        return reserve(List.of(name == null ? FALLBACK_NAME : name));
    }

    /**
     * Reserves a file for a download named by path components (a torrent's path list; a single name is one
     * component): every component sanitised, directories created inside the folder, the file name made unique
     * against both final and part names, and the part file created.
     *
     * @throws GatewayException INVALID_ARGUMENT for no or too many components; CONFLICT when a component leads out
     *                          of the folder through a symbolic link, is a file where a directory is needed, or no
     *                          free name is left
     */
    public synchronized ContentTarget reserve(List<String> components) {
        if (components == null || components.isEmpty() || components.size() > MAX_COMPONENTS) {
            throw GatewayException.invalid("path", components == null ? null : components.size() + " components",
                    "1.." + MAX_COMPONENTS + " components");
        }
        Path dir = folder;
        for (String component : components.subList(0, components.size() - 1)) {
            dir = enterDirectory(dir, sanitize(component, MAX_NAME_BYTES));
        }
        requireInside(dir, dir.getFileName());
        String name = sanitize(components.get(components.size() - 1), FILE_NAME_BYTES);
        for (int n = 0; n <= MAX_COLLISIONS; n++) {
            String candidate = n == 0 ? name : withCounter(name, n);
            Path file = dir.resolve(candidate);
            Path part = dir.resolve(candidate + PART_SUFFIX);
            if (!file.normalize().startsWith(folder) || !part.normalize().startsWith(folder)) {
                throw escape(candidate);
            }
            // NOFOLLOW: a symbolic link at the name, even a dangling one, occupies it; it is never written through.
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) || Files.exists(part, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                Files.createFile(part);
                return new ContentTarget(file, part);
            } catch (FileAlreadyExistsException e) {
                continue; // taken meanwhile by another process
            } catch (IOException e) {
                throw new GatewayException(GatewayErrorCode.INTERNAL, "path: cannot create " + part.getFileName(), e);
            }
        }
        throw new GatewayException(GatewayErrorCode.CONFLICT,
                "name: " + name + " (expected: fewer than " + MAX_COLLISIONS + " files of that name)");
    }

    /**
     * Reserves a multi-file download (a torrent with a file list) named {@code name}: its own folder
     * {@code <download>/<name>}, created fresh (sanitised; {@code " (1)"}, {@code " (2)"} … when the name or its part
     * name is taken), and inside it every file's path, in order: components sanitised, directories created, the part
     * file created. Names that clash inside the layout get a counter too: two paths that sanitise alike, a file named
     * like an earlier file's directory or part file, a directory named like an earlier file. Nothing is created
     * outside the transfer's folder; on failure everything created is removed again.
     *
     * @throws GatewayException INVALID_ARGUMENT for no or too many files, or a path of no or too many components;
     *                          CONFLICT when no free name is left
     */
    public synchronized ContentLayout reserveLayout(String name, List<ContentFile> files) {
        return reserveLayout(name, files, null);
    }

    /**
     * As {@link #reserveLayout(String, List)}, for a transfer that already holds {@code ownPlaceholder} (the part
     * file a magnet reserved before its metadata said it is a folder): that file does not count as another download
     * finishing to the folder's name. Nullable.
     */
    public synchronized ContentLayout reserveLayout(String name, List<ContentFile> files, Path ownPlaceholder) {
        if (files == null || files.isEmpty() || files.size() > FileStoredContent.MAX_FILES) {
            throw GatewayException.invalid("files", files == null ? null : files.size(),
                    "1.." + FileStoredContent.MAX_FILES + " files");
        }
        for (int i = 0; i < files.size(); i++) {
            int components = files.get(i).path().size();
            if (components > MAX_COMPONENTS) {
                throw GatewayException.invalid("files[" + i + "].path", components + " components",
                        "1.." + MAX_COMPONENTS + " components");
            }
        }
        Path root = createFolder(sanitize(name, FILE_NAME_BYTES), ownPlaceholder);
        try {
            Map<String, Path> dirs = new HashMap<>();
            Set<Path> used = new HashSet<>();
            List<StoredFile> stored = new ArrayList<>(files.size());
            for (ContentFile file : files) {
                Path dir = root;
                for (String component : file.path().subList(0, file.path().size() - 1)) {
                    String key = dir + "/" + sanitize(component, MAX_NAME_BYTES);
                    Path known = dirs.get(key);
                    if (known == null) {
                        String base = sanitize(component, MAX_NAME_BYTES);
                        Path candidate = dir.resolve(base);
                        for (int n = 1; used.contains(candidate) || used.contains(withPartSuffix(candidate)); n++) {
                            candidate = dir.resolve(withFolderCounter(base, n));
                        }
                        known = enterDirectory(dir, candidate.getFileName().toString());
                        dirs.put(key, known);
                        used.add(known);
                    }
                    dir = known;
                }
                requireInside(dir, dir.getFileName());
                StoredFile reserved = reserveFile(dir, sanitize(file.path().get(file.path().size() - 1),
                        FILE_NAME_BYTES), used, file);
                used.add(reserved.file());
                used.add(reserved.partFile());
                stored.add(reserved);
            }
            return new ContentLayout(root, stored);
        } catch (RuntimeException e) {
            deleteTree(root);
            throw e;
        }
    }

    /**
     * The layout of a transfer stored earlier: {@code files} relative to {@code transferFolder} as
     * {@link ContentLayout#relativeFiles()} gave them. Refuses anything that was not produced by sanitising (a
     * tampered catalogue) or that leads outside the download folder.
     *
     * @throws GatewayException INVALID_ARGUMENT naming the first bad file
     */
    public ContentLayout layoutAt(Path transferFolder, List<ContentFile> files) {
        Path root = transferFolder.toAbsolutePath().normalize();
        if (!root.startsWith(folder) || root.equals(folder)) {
            throw GatewayException.invalid("folder", transferFolder.getFileName(), "a folder inside the download folder");
        }
        List<StoredFile> stored = new ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            ContentFile f = files.get(i);
            Path file = root;
            for (String component : f.path()) {
                if (!sanitize(component, MAX_NAME_BYTES).equals(component)) {
                    throw GatewayException.invalid("files[" + i + "].path", component, "a sanitised name");
                }
                file = file.resolve(component);
            }
            if (!file.normalize().startsWith(root)) {
                throw GatewayException.invalid("files[" + i + "].path", f.path(), "a path inside the transfer folder");
            }
            stored.add(new StoredFile(file, withPartSuffix(file), f.length(), f.offset()));
        }
        return new ContentLayout(root, stored);
    }

    /**
     * Deletes a layout's data: every file under its final and its part name, then each of its directories left empty,
     * deepest first, the transfer's folder last. Never follows a symbolic link, never deletes a directory someone
     * else put files in, never touches anything outside the download folder. Best effort: what cannot be deleted
     * stays and is reported as the returned count of leftovers.
     */
    public int delete(ContentLayout layout) {
        Path root = layout.folder().toAbsolutePath().normalize();
        if (!root.startsWith(folder) || root.equals(folder)) {
            return 1;
        }
        int left = 0;
        Set<Path> directories = new TreeSet<>(Comparator.comparingInt(Path::getNameCount).reversed()
                .thenComparing(Comparator.naturalOrder()));
        for (StoredFile f : layout.files()) {
            for (Path p : List.of(f.file(), f.partFile())) {
                Path normal = p.toAbsolutePath().normalize();
                if (!normal.startsWith(root)) {
                    left++;
                    continue;
                }
                for (Path d = normal.getParent(); d != null && d.startsWith(root); d = d.getParent()) {
                    directories.add(d);
                }
                left += deleteIfPresent(normal) ? 0 : 1;
            }
        }
        directories.add(root);
        for (Path d : directories) {
            if (Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                left += deleteIfPresent(d) ? 0 : 1;
            }
        }
        return left;
    }

    private static boolean deleteIfPresent(Path path) {
        try {
            Files.deleteIfExists(path); // a symbolic link is deleted itself, never its target
            return true;
        } catch (DirectoryNotEmptyException e) {
            return false; // someone else's files are in it
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates {@code <download>/<name>} (or a counted variant) fresh, so nothing in it predates the transfer. */
    private Path createFolder(String name, Path ownPlaceholder) {
        for (int n = 0; n <= MAX_COLLISIONS; n++) {
            String candidate = n == 0 ? name : withFolderCounter(name, n);
            Path dir = folder.resolve(candidate);
            if (!dir.normalize().startsWith(folder) || dir.normalize().equals(folder)) {
                throw escape(candidate);
            }
            Path part = folder.resolve(candidate + PART_SUFFIX);
            if (!part.equals(ownPlaceholder) && Files.exists(part, LinkOption.NOFOLLOW_LINKS)) {
                continue; // a single-file download finishing to that name
            }
            try {
                Files.createDirectory(dir);
                requireInside(dir, candidate);
                return dir;
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (IOException e) {
                throw new GatewayException(GatewayErrorCode.INTERNAL, "folder: cannot create " + candidate, e);
            }
        }
        throw new GatewayException(GatewayErrorCode.CONFLICT,
                "name: " + name + " (expected: fewer than " + MAX_COLLISIONS + " folders of that name)");
    }

    private StoredFile reserveFile(Path dir, String name, Set<Path> used, ContentFile file) {
        for (int n = 0; n <= MAX_COLLISIONS; n++) {
            String candidate = n == 0 ? name : withCounter(name, n);
            Path target = dir.resolve(candidate);
            Path part = dir.resolve(candidate + PART_SUFFIX);
            if (!target.normalize().startsWith(folder) || !part.normalize().startsWith(folder)) {
                throw escape(candidate);
            }
            if (used.contains(target) || used.contains(part) || Files.exists(target, LinkOption.NOFOLLOW_LINKS)
                    || Files.exists(part, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                Files.createFile(part);
                return new StoredFile(target, part, file.length(), file.offset());
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (IOException e) {
                throw new GatewayException(GatewayErrorCode.INTERNAL, "path: cannot create " + part.getFileName(), e);
            }
        }
        throw new GatewayException(GatewayErrorCode.CONFLICT,
                "name: " + name + " (expected: fewer than " + MAX_COLLISIONS + " files of that name)");
    }

    /** Removes a folder this class just created, without following links. */
    private static void deleteTree(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // leftovers of a failed reservation are empty files and folders; nothing to report beyond the cause
        }
    }

    /** {@code name} with {@code " (n)"} at its end (a folder has no extension), shortened to fit. */
    static String withFolderCounter(String name, int n) {
        String insert = " (" + n + ")";
        return trimDotsAndSpaces(truncateUtf8(name, MAX_NAME_BYTES - utf8Length(insert))) + insert;
    }

    private static Path withPartSuffix(Path file) {
        return file.resolveSibling(file.getFileName() + PART_SUFFIX);
    }

    /** {@code name} with {@code " (n)"} before its extension, shortened to fit the part file's name. */
    static String withCounter(String name, int n) {
        return fit(name, " (" + n + ")", FILE_NAME_BYTES);
    }

    private Path enterDirectory(Path dir, String component) {
        Path next = dir.resolve(component);
        if (!next.normalize().startsWith(folder)) {
            throw escape(component);
        }
        if (!Files.isSymbolicLink(next)) {
            try {
                Files.createDirectory(next);
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(next)) {
                    throw new GatewayException(GatewayErrorCode.CONFLICT,
                            "directory: " + component + " (expected: a directory, found a file)");
                }
            } catch (IOException e) {
                throw new GatewayException(GatewayErrorCode.INTERNAL, "directory: cannot create " + component, e);
            }
        }
        requireInside(next, component);
        return next;
    }

    /** The real path of {@code dir} (links resolved) must be the folder or below it. */
    private void requireInside(Path dir, Object shown) {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (IOException e) {
            throw escape(shown); // a dangling link, or removed under us
        }
        if (!real.startsWith(folder) || !Files.isDirectory(real)) {
            throw escape(shown);
        }
    }

    private static GatewayException escape(Object component) {
        return new GatewayException(GatewayErrorCode.CONFLICT,
                "path: " + component + " (expected: a directory inside the download folder, not a link out of it)");
    }

    private static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.SURROGATE || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR
                // Bidi controls let "exe.txt" display as "txt.exe"; nobody needs them in a file name.
                || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F
                || cp == 0x061C;
    }

    private static boolean isReservedDeviceName(String name) {
        int dot = name.indexOf('.');
        String base = (dot < 0 ? name : name.substring(0, dot)).stripTrailing();
        return RESERVED_NAMES.contains(base.toUpperCase(Locale.ROOT));
    }

    private static String trimDotsAndSpaces(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isDotOrSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isDotOrSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isDotOrSpace(char c) {
        return c == '.' || c == ' ';
    }

    /**
     * {@code name}'s base + {@code insert} + its extension, the base shortened (on a code point boundary) so the
     * whole fits {@code maxBytes}. A name without an extension short enough to keep is shortened at its end.
     */
    private static String fit(String name, String insert, int maxBytes) {
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 ? name.substring(dot) : "";
        if (utf8Length(extension) > MAX_EXTENSION_BYTES) {
            extension = "";
        }
        String base = name.substring(0, name.length() - extension.length());
        if (insert.isEmpty() && utf8Length(name) <= maxBytes) {
            return name;
        }
        int budget = maxBytes - utf8Length(insert) - utf8Length(extension);
        String shortened = trimDotsAndSpaces(truncateUtf8(base, budget));
        if (shortened.isEmpty()) {
            shortened = FALLBACK_NAME;
        }
        return shortened + insert + extension;
    }

    private static String truncateUtf8(String s, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int len = utf8Length(cp);
            if (bytes + len > maxBytes) {
                break;
            }
            bytes += len;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
}
