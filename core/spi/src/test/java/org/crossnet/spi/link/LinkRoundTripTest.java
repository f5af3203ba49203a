package org.crossnet.spi.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TigerTreeRoot;
import org.junit.jupiter.api.Test;

/** Seeded random names and hashes through format and parse: every printable character must survive both links. */
class LinkRoundTripTest {
    private static final String POOL = " !\"#$%&'()*+,-./0123456789:;<=>?@AZaz[\\]^_`{|}~éßЖ日本語\u00A0\u200B\u202E";
    private static final String[] ASTRAL = {"🎵", "𝄞", "😀"};

    private static String name(Random random) {
        StringBuilder sb = new StringBuilder();
        int length = 1 + random.nextInt(40);
        for (int i = 0; i < length; i++) {
            if (random.nextInt(10) == 0) {
                sb.append(ASTRAL[random.nextInt(ASTRAL.length)]);
            } else {
                sb.append(POOL.charAt(random.nextInt(POOL.length())));
            }
        }
        return sb.toString();
    }

    private static Bytes bytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return Bytes.of(b);
    }

    @Test
    void randomContentSurvivesMagnetAndEd2kLinks() {
        Random random = new Random(20_240_601L);
        for (int i = 0; i < 2_000; i++) {
            String name = name(random);
            long size = 1 + (random.nextLong() & (Ed2kLink.MAX_SIZE - 1));
            ContentId content = new ContentId(size, name, new Sha1(bytes(random, 20)), new Ed2kHash(bytes(random, 16)),
                    new AichRoot(bytes(random, 20)), new TigerTreeRoot(bytes(random, 24)),
                    new InfoHash(bytes(random, 20)));
            List<PeerAddress> peers = List.of(new PeerAddress("10.0.0." + random.nextInt(256),
                    1 + random.nextInt(65_535)));

            MagnetLink magnet = MagnetLink.from(content, List.of("udp://t.example:1/" + i), peers);
            Ed2kLink ed2k = Ed2kLink.from(content, peers);

            assertThat(Links.parse(magnet.format())).as(magnet.format()).isEqualTo(magnet);
            assertThat(Links.parse(ed2k.format())).as(ed2k.format()).isEqualTo(ed2k);
            assertThat(magnet.toContentId().merge(ed2k.toContentId())).isEqualTo(content);
        }
    }
}
