package org.crossnet.adapter.gnutella.qrp;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Words of file names and queries, as gtk-gnutella cuts them: lower-cased, split on anything that is not a letter
 * or digit, words shorter than {@link #MIN_WORD_LENGTH} ignored. A shared name also contributes its words'
 * prefixes, cut one character at a time (at most {@link #MAX_CUTS} times) while longer than {@link #MIN_WORD_LENGTH}
 * characters, so that a query for "cross" matches a file named "crossnet". Stateless.
 */
public final class Keywords {
    /** Shortest word put in a table or looked up (gtk-gnutella: QRP_MIN_WORD_LENGTH). */
    public static final int MIN_WORD_LENGTH = 3;
    /** Most prefixes taken from one word (gtk-gnutella: QRP_MAX_CUT_CHARS). */
    public static final int MAX_CUTS = 5;

    private Keywords() {
    }

    /** The distinct words of a query or name that QRP looks up, in order. */
    public static List<String> words(String text) {
        Set<String> words = new LinkedHashSet<>();
        String lower = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i <= lower.length(); i++) {
            char c = i < lower.length() ? lower.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                word.append(c);
            } else {
                if (word.length() >= MIN_WORD_LENGTH) {
                    words.add(word.toString());
                }
                word.setLength(0);
            }
        }
        return new ArrayList<>(words);
    }

    /** The words and prefixes a shared name puts in a route table. */
    public static List<String> tableEntries(String name) {
        Set<String> entries = new LinkedHashSet<>();
        for (String word : words(name)) {
            String w = word;
            for (int cut = 0; cut <= MAX_CUTS; cut++) {
                entries.add(w);
                if (w.length() <= MIN_WORD_LENGTH + 1) {
                    break;
                }
                w = w.substring(0, w.length() - 1);
            }
        }
        return new ArrayList<>(entries);
    }
}
