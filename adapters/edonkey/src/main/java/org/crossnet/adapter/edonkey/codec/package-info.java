/** eDonkey/eMule wire codec (client-to-client, client-to-server, server UDP): frames, tags, message records, decoders and encoders; wire only, no session state. */
package org.crossnet.adapter.edonkey.codec;
