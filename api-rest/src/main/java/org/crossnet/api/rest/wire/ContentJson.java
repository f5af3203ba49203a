package org.crossnet.api.rest.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.crossnet.engine.facade.EventFields;
import org.crossnet.spi.model.ContentHash;
import org.crossnet.spi.model.ContentId;

/**
 * The {@code content} wire form: size (-1 when unknown), name and every identity present; sha1, aich and tth in
 * base32, ed2k and btih in hex. Absent identities are omitted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContentJson(long size, String name, String sha1, String ed2k, String aich, String tth, String btih) {

    /** The wire form of {@code content}, or null for a null content (so the member is omitted). */
    public static ContentJson of(ContentId content) {
        if (content == null) {
            return null;
        }
        return new ContentJson(content.size(), content.name(), text(content.sha1()), text(content.ed2k()),
                text(content.aich()), text(content.tth()), text(content.btih()));
    }

    private static String text(ContentHash hash) {
        // EventFields owns the per-kind encoding so that event data and resources never disagree.
        return hash == null ? null : EventFields.hashText(hash);
    }
}
