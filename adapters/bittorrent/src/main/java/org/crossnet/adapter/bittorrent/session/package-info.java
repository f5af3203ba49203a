/** Per-connection peer sessions: pipeline assembly, handshake routing and the reasons a connection closes. */
package org.crossnet.adapter.bittorrent.session;
