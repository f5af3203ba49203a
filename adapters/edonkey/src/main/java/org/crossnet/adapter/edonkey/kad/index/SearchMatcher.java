package org.crossnet.adapter.edonkey.kad.index;

import java.util.Locale;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.kad.Keywords;
import org.crossnet.adapter.edonkey.kad.codec.KadTags;
import org.crossnet.adapter.edonkey.kad.codec.SearchExpression;

/**
 * Evaluates a SEARCH_KEY_REQ expression against a stored keyword entry, as aMule's {@code CKeyEntry::SearchTermsMatch}
 * does: string terms need every word in the file name, meta tags compare strings case-insensitively (the file format
 * against the name's extension), numeric terms compare the size or an integer tag. Stateless.
 *
 * @see <a href="https://github.com/amule-project/amule/blob/2.3.3/src/kademlia/kademlia/Entry.cpp">aMule Entry.cpp</a>
 */
public final class SearchMatcher {
    private SearchMatcher() {
    }

    /** True when {@code entry} satisfies {@code expression}. */
    public static boolean matches(SearchExpression expression, KeywordEntry entry) {
        if (expression instanceof SearchExpression.Bool b) {
            boolean left = matches(b.left(), entry);
            switch (b.operator()) {
                case AND:
                    return left && matches(b.right(), entry);
                case OR:
                    return left || matches(b.right(), entry);
                default:
                    return left && !matches(b.right(), entry);
            }
        }
        if (expression instanceof SearchExpression.Words w) {
            String name = entry.name().toLowerCase(Locale.ROOT);
            for (String word : Keywords.words(w.text())) {
                if (!name.contains(word)) {
                    return false;
                }
            }
            // a term whose words are all too short still has to appear as typed
            return !Keywords.words(w.text()).isEmpty() || name.contains(w.text().toLowerCase(Locale.ROOT));
        }
        if (expression instanceof SearchExpression.MetaTag m) {
            String wanted = m.value().toLowerCase(Locale.ROOT);
            if (m.tag().equals(new Tag.Id(KadTags.FILEFORMAT))) {
                int dot = entry.name().lastIndexOf('.');
                return dot >= 0 && entry.name().substring(dot + 1).toLowerCase(Locale.ROOT).equals(wanted);
            }
            for (Tag t : entry.tags()) {
                if (t.name().equals(m.tag()) && t.value() instanceof Tag.Str s) {
                    return s.value().toLowerCase(Locale.ROOT).equals(wanted);
                }
            }
            return false;
        }
        SearchExpression.Numeric n = (SearchExpression.Numeric) expression;
        if (n.tag().equals(new Tag.Id(KadTags.FILESIZE))) {
            return n.relation().holds(entry.size(), n.value());
        }
        for (Tag t : entry.tags()) {
            if (t.name().equals(n.tag()) && t.isInteger()) {
                return n.relation().holds(t.asLong(), n.value());
            }
        }
        return false;
    }
}
