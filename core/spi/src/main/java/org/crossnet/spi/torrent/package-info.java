/** BitTorrent metainfo: the .torrent model shared by the engine (file layout, identity) and the BitTorrent adapter. */
package org.crossnet.spi.torrent;
