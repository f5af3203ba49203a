/** HTTP web seeds (BEP 19): the URLs of a torrent's files and ranged GETs of their pieces. */
package org.crossnet.adapter.bittorrent.webseed;
