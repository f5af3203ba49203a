/** Per-torrent coordination: peers, piece picking, requests, choking, metadata exchange and peer exchange. */
package org.crossnet.adapter.bittorrent.swarm;
