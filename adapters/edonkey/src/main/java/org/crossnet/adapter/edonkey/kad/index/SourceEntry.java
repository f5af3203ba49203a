package org.crossnet.adapter.edonkey.kad.index;

import java.net.Inet4Address;
import java.util.List;
import org.crossnet.adapter.edonkey.codec.Tag;
import org.crossnet.adapter.edonkey.kad.KadId;

/**
 * One source stored for one file. Immutable.
 *
 * @param source    the source's user hash as a Kad id
 * @param address   where the publish came from (the source's IP, as aMule records it)
 * @param tcpPort   its eD2k TCP port (TAG_SOURCEPORT)
 * @param udpPort   its Kad UDP port (TAG_SOURCEUPORT, else the packet's port)
 * @param size      the file size it announced, 0 if none
 * @param tags      what a searcher gets back: TAG_SOURCEIP first, then the published tags
 * @param expiresAt clock millis after which it is dropped unless republished
 */
public record SourceEntry(KadId source, Inet4Address address, int tcpPort, int udpPort, long size, List<Tag> tags,
                          long expiresAt) {
    public SourceEntry {
        tags = List.copyOf(tags);
    }
}
