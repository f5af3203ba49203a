package org.crossnet.adapter.gnutella.qrp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sample outputs of the reference implementation (QRP 1.0, appendix A). */
class QrpHashTest {
    @ParameterizedTest
    @CsvSource({"'',13,0", "eb,13,6791", "ebc,13,7082", "ebck,13,6698", "ebckl,13,3179", "ebcklm,13,3235",
        "ebcklme,13,6438", "ebcklmen,13,1062", "ebcklmenq,13,3527", "'',16,0", "n,16,65003", "nd,16,54193",
        "ndf,16,4953", "ndfl,16,58201", "ndfla,16,34830", "ndflal,16,36910", "ndflale,16,34586",
        "ndflalem,16,37658", "ndflaleme,16,45559", "ol2j34lj,10,318", "asdfas23,10,503", "9um3o34fd,10,758",
        "a234d,10,281", "a3f,10,767", "3nja9,10,581", "2459345938032343,10,146", "7777a88a8a8a8,10,342",
        "asdfjklkj3k,10,861", "adfk32l,10,1011", "zzzzzzzzzzz,10,944", "3NJA9,10,581", "3nJa9,10,581"})
    void referenceValues(String keyword, int bits, int expected) {
        assertThat(QrpHash.hash(keyword, bits)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"crossnet", "ndflaleme", "urn:sha1:URAW5Y7TPTAXUHJT22BB6XKGYICBV37R"})
    void smallerTablesAreTheTopBits(String keyword) {
        for (int bits = 4; bits <= 21; bits++) {
            assertThat(QrpHash.hash(keyword, bits) >> 1).isEqualTo(QrpHash.hash(keyword, bits - 1));
        }
    }
}
