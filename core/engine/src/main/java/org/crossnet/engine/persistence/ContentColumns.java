package org.crossnet.engine.persistence;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.crossnet.engine.facade.EventFields;
import org.crossnet.spi.model.AichRoot;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.Ed2kHash;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.spi.model.Sha1;
import org.crossnet.spi.model.TigerTreeRoot;

/** Reads and writes the five identity columns (sha1, ed2k, aich, tth, btih) shared by the share and transfer tables. */
final class ContentColumns {
    static final String NAMES = "sha1, ed2k, aich, tth, btih";

    private ContentColumns() {
    }

    /** Binds the five columns starting at parameter {@code first}; returns the next parameter index. */
    static int bind(PreparedStatement ps, int first, ContentId content) throws SQLException {
        ps.setString(first, content == null || content.sha1() == null ? null : EventFields.hashText(content.sha1()));
        ps.setString(first + 1, content == null || content.ed2k() == null ? null : EventFields.hashText(content.ed2k()));
        ps.setString(first + 2, content == null || content.aich() == null ? null : EventFields.hashText(content.aich()));
        ps.setString(first + 3, content == null || content.tth() == null ? null : EventFields.hashText(content.tth()));
        ps.setString(first + 4, content == null || content.btih() == null ? null : EventFields.hashText(content.btih()));
        return first + 5;
    }

    /** The content id from the five columns, or null when none is set. */
    static ContentId read(ResultSet rs, long size, String name) throws SQLException {
        String sha1 = rs.getString("sha1");
        String ed2k = rs.getString("ed2k");
        String aich = rs.getString("aich");
        String tth = rs.getString("tth");
        String btih = rs.getString("btih");
        if (sha1 == null && ed2k == null && aich == null && tth == null && btih == null) {
            return null;
        }
        return new ContentId(size, name,
                sha1 == null ? null : new Sha1(Bytes.fromBase32(sha1)),
                ed2k == null ? null : new Ed2kHash(Bytes.fromHex(ed2k)),
                aich == null ? null : new AichRoot(Bytes.fromBase32(aich)),
                tth == null ? null : new TigerTreeRoot(Bytes.fromBase32(tth)),
                btih == null ? null : new InfoHash(Bytes.fromHex(btih)));
    }
}
