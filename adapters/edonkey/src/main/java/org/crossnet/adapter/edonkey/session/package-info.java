/** Per-connection eD2k client-to-client sessions: handshake, peer capabilities, pipeline assembly and close reasons. */
package org.crossnet.adapter.edonkey.session;
