/** Gnutella file transfers over HTTP/1.1: uploads with queueing, multi-source downloads, THEX, PUSH/GIV. */
package org.crossnet.adapter.gnutella.http;
