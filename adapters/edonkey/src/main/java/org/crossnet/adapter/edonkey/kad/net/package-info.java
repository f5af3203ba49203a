/** Netty glue for Kad: the event-loop scheduler, the UDP channel transport and handler, and the TCP connect probe. */
package org.crossnet.adapter.edonkey.kad.net;
