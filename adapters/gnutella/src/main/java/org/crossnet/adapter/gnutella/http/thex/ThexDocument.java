package org.crossnet.adapter.gnutella.http.thex;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.crossnet.adapter.gnutella.http.wire.HttpWireException;
import org.crossnet.spi.model.TigerTreeRoot;

/**
 * The THEX answer to {@code /uri-res/N2X?…}: a DIME message of two records, the XML description and the
 * breadth-first serialized tree, laid out as gtk-gnutella serves it.
 *
 * <pre>
 *   record 1  TYPE_T media-type  "text/xml"                                        the hashtree XML below
 *   record 2  TYPE_T URI  "http://open-content.net/spec/thex/breadthfirst"  id "uuid:…"   root, level 1, …, level d
 *
 *   &lt;hashtree&gt;&lt;file size="N" segmentsize="1024"/&gt;
 *     &lt;digest algorithm="http://open-content.net/spec/digest/tiger" outputsize="24"/&gt;
 *     &lt;serializedtree depth="d" type="…/breadthfirst" uri="uuid:…"/&gt;&lt;/hashtree&gt;
 * </pre>
 *
 * Reading skips the XML: the tree record, the file size we already know and the root we expect say everything, and
 * not parsing XML from peers removes a class of attacks (its DOCTYPE would need an XML parser that loads nothing).
 *
 * @see <a href="https://adc.sourceforge.io/draft-jchapweske-thex-02.html">THEX §3 and §4</a>
 */
public final class ThexDocument {
    /** The tree record's type. */
    public static final String TREE_TYPE = "http://open-content.net/spec/thex/breadthfirst";
    private static final String DIGEST = "http://open-content.net/spec/digest/tiger";
    private static final String DOCTYPE = "http://open-content.net/spec/thex/thex.dtd";

    private ThexDocument() {
    }

    /** The DIME message serving {@code tree}. */
    public static byte[] encode(HashTree tree) {
        String uri = "uuid:" + UUID.nameUUIDFromBytes(tree.root().bytes().toArray());
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n"
                + "<!DOCTYPE hashtree SYSTEM \"" + DOCTYPE + "\">\r\n"
                + "<hashtree>\r\n"
                + "<file size=\"" + tree.fileSize() + "\" segmentsize=\"" + TigerTree.LEAF_SIZE + "\"/>\r\n"
                + "<digest algorithm=\"" + DIGEST + "\" outputsize=\"" + TigerTree.HASH_SIZE + "\"/>\r\n"
                + "<serializedtree depth=\"" + tree.depth() + "\" type=\"" + TREE_TYPE + "\" uri=\"" + uri + "\"/>\r\n"
                + "</hashtree>\r\n";
        return Dime.encode(List.of(
                new DimeRecord(DimeRecord.MEDIA_TYPE, "text/xml", "", xml.getBytes(StandardCharsets.UTF_8)),
                new DimeRecord(DimeRecord.ABSOLUTE_URI, TREE_TYPE, uri, tree.serialize())));
    }

    /**
     * Reads a THEX answer for a file of {@code fileSize} bytes whose root must be {@code expected}.
     *
     * @throws HttpWireException when the DIME message or the tree does not check out
     */
    public static HashTree decode(byte[] message, long fileSize, TigerTreeRoot expected) {
        for (DimeRecord r : Dime.decode(message)) {
            if (r.typeFormat() == DimeRecord.ABSOLUTE_URI && r.type().equals(TREE_TYPE)) {
                return HashTree.parse(fileSize, r.data(), expected);
            }
        }
        throw new HttpWireException("thex", "no record of type " + TREE_TYPE, "a breadth-first tree record");
    }
}
