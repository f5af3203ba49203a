package org.crossnet.spi.model;

/** Coarse media classes every network can filter on (ed2k file types, Gnutella rich queries, name extensions). */
public enum MediaType {
    ANY, AUDIO, VIDEO, IMAGE, DOCUMENT, ARCHIVE, PROGRAM, CD_IMAGE
}
