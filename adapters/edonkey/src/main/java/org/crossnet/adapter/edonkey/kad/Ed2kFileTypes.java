package org.crossnet.adapter.edonkey.kad;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.crossnet.spi.model.MediaType;

/**
 * The eD2k file type names Kad publishes and filters on ("Audio", "Video", "Image", "Doc", "Pro"), from a file name's
 * extension as aMule's {@code GetED2KFileTypeID} does (archives and CD images are published as "Pro"). Stateless.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/OtherFunctions.cpp">aMule OtherFunctions.cpp</a>
 */
public final class Ed2kFileTypes {
    public static final String AUDIO = "Audio";
    public static final String VIDEO = "Video";
    public static final String IMAGE = "Image";
    public static final String DOCUMENT = "Doc";
    public static final String PROGRAM = "Pro";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("mp3", AUDIO), Map.entry("ogg", AUDIO), Map.entry("flac", AUDIO), Map.entry("wav", AUDIO),
            Map.entry("wma", AUDIO), Map.entry("m4a", AUDIO), Map.entry("aac", AUDIO), Map.entry("ape", AUDIO),
            Map.entry("mpc", AUDIO), Map.entry("opus", AUDIO), Map.entry("mid", AUDIO), Map.entry("midi", AUDIO),
            Map.entry("avi", VIDEO), Map.entry("mkv", VIDEO), Map.entry("mp4", VIDEO), Map.entry("mpg", VIDEO),
            Map.entry("mpeg", VIDEO), Map.entry("mov", VIDEO), Map.entry("wmv", VIDEO), Map.entry("webm", VIDEO),
            Map.entry("flv", VIDEO), Map.entry("m4v", VIDEO), Map.entry("ogm", VIDEO), Map.entry("vob", VIDEO),
            Map.entry("divx", VIDEO), Map.entry("ts", VIDEO), Map.entry("3gp", VIDEO), Map.entry("rm", VIDEO),
            Map.entry("jpg", IMAGE), Map.entry("jpeg", IMAGE), Map.entry("png", IMAGE), Map.entry("gif", IMAGE),
            Map.entry("bmp", IMAGE), Map.entry("tif", IMAGE), Map.entry("tiff", IMAGE), Map.entry("webp", IMAGE),
            Map.entry("psd", IMAGE), Map.entry("txt", DOCUMENT), Map.entry("pdf", DOCUMENT),
            Map.entry("doc", DOCUMENT), Map.entry("docx", DOCUMENT), Map.entry("odt", DOCUMENT),
            Map.entry("rtf", DOCUMENT), Map.entry("epub", DOCUMENT), Map.entry("chm", DOCUMENT),
            Map.entry("htm", DOCUMENT), Map.entry("html", DOCUMENT), Map.entry("nfo", DOCUMENT),
            Map.entry("xls", DOCUMENT), Map.entry("ppt", DOCUMENT), Map.entry("exe", PROGRAM),
            Map.entry("msi", PROGRAM), Map.entry("com", PROGRAM), Map.entry("bat", PROGRAM), Map.entry("apk", PROGRAM),
            Map.entry("jar", PROGRAM), Map.entry("deb", PROGRAM), Map.entry("rpm", PROGRAM), Map.entry("zip", PROGRAM),
            Map.entry("rar", PROGRAM), Map.entry("7z", PROGRAM), Map.entry("tar", PROGRAM), Map.entry("gz", PROGRAM),
            Map.entry("bz2", PROGRAM), Map.entry("xz", PROGRAM), Map.entry("ace", PROGRAM), Map.entry("cab", PROGRAM),
            Map.entry("iso", PROGRAM), Map.entry("nrg", PROGRAM), Map.entry("img", PROGRAM), Map.entry("cue", PROGRAM),
            Map.entry("bin", PROGRAM));

    private Ed2kFileTypes() {
    }

    /** The type of a file name, by extension. */
    public static Optional<String> ofName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot < 0 || dot == name.length() - 1) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    /** The type name a search for {@code media} filters on; empty for {@link MediaType#ANY}. */
    public static Optional<String> of(MediaType media) {
        switch (media) {
            case AUDIO:
                return Optional.of(AUDIO);
            case VIDEO:
                return Optional.of(VIDEO);
            case IMAGE:
                return Optional.of(IMAGE);
            case DOCUMENT:
                return Optional.of(DOCUMENT);
            case PROGRAM:
            case ARCHIVE:
            case CD_IMAGE:
                return Optional.of(PROGRAM);
            default:
                return Optional.empty();
        }
    }
}
