/** The uploading side: serving shared files and THEX trees over HTTP/1.1 with slots, queueing and back-pressure. */
package org.crossnet.adapter.gnutella.http.upload;
