package org.crossnet.adapter.edonkey.kad;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.crypto.digests.MD4Digest;

/**
 * Kad keywords as aMule forms them: a name is split on {@link #SEPARATORS}, each word lowercased, words of fewer than
 * three UTF-8 bytes dropped; a keyword's Kad key is the MD4 of its lowercase UTF-8 bytes. Stateless and thread-safe.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/kademlia/kademlia/SearchManager.cpp">aMule
 *      SearchManager.cpp (GetWords)</a>
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/kademlia/kademlia/SearchManager.h">aMule
 *      SearchManager.h (GetInvalidKeywordChars)</a>
 */
public final class Keywords {
    /** aMule's {@code CSearchManager::GetInvalidKeywordChars()}. */
    public static final String SEPARATORS = " ()[]{}<>,._-!?:;\\/\"";
    /** Shortest word, in UTF-8 bytes. */
    public static final int MIN_WORD_BYTES = 3;

    private Keywords() {
    }

    /**
     * The words of {@code text} in order, duplicates kept (a search's words; the first is what aMule would look up).
     */
    public static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ' ';
            if (SEPARATORS.indexOf(c) >= 0) {
                if (current.length() > 0) {
                    String word = current.toString();
                    if (word.getBytes(StandardCharsets.UTF_8).length >= MIN_WORD_BYTES) {
                        words.add(word.toLowerCase(Locale.ROOT));
                    }
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        return words;
    }

    /** The distinct words of a file name, each published once (aMule's GetWords without duplicates). */
    public static List<String> publishWords(String fileName) {
        return List.copyOf(new LinkedHashSet<>(words(fileName)));
    }

    /** The Kad key of one keyword: MD4 of its lowercase UTF-8 bytes. */
    public static KadId hash(String keyword) {
        byte[] in = keyword.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        MD4Digest md4 = new MD4Digest();
        md4.update(in, 0, in.length);
        byte[] out = new byte[16];
        md4.doFinal(out, 0);
        return KadId.fromHashBytes(out);
    }
}
