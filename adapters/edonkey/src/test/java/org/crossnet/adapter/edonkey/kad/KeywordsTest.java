package org.crossnet.adapter.edonkey.kad;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KeywordsTest {
    @Test
    void splitsOnAmuleSeparatorsLowercasesAndDropsShortWords() {
        assertThat(Keywords.words("The.Big-Movie (2004) [x264]_by_ME!.avi"))
                .containsExactly("the", "big", "movie", "2004", "x264", "avi");
        assertThat(Keywords.words("a;bb:ccc/dd\\eeee\"ff?ggg")).containsExactly("ccc", "eeee", "ggg");
        // three UTF-8 bytes is enough: "é" is two bytes, "éa" three
        assertThat(Keywords.words("é éa")).containsExactly("éa");
        assertThat(Keywords.publishWords("song song SONG other.song")).containsExactly("song", "other");
    }

    @Test
    void hashesTheLowercaseUtf8Word() {
        // the keyword of the recorded aMule session (vectors run2-0125)
        assertThat(Keywords.hash("harnesskadword")).hasToString("befdfd2747860a067e8a01a1ceedf10e");
        assertThat(Keywords.hash("HarnessKadWord")).isEqualTo(Keywords.hash("harnesskadword"));
    }
}
