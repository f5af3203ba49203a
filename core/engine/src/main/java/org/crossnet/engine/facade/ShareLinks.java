package org.crossnet.engine.facade;

import org.crossnet.spi.model.Bytes;

/**
 * Links that let other clients fetch a shared file.
 *
 * @param magnet   magnet URI with xt for sha1, ed2k, tth, btih (and aich as an ed2k link field), dn and xl
 * @param ed2k     ed2k:// file link with the AICH root
 * @param torrent  .torrent bytes of the single-file torrent whose infohash is in the magnet
 */
public record ShareLinks(String magnet, String ed2k, Bytes torrent) {
}
