/** Gnutella HTTP transfer wire forms: request targets, Range and Content-Range, X-Queue, X-Alt, X-Thex-URI and GIV. */
package org.crossnet.adapter.gnutella.http.wire;
