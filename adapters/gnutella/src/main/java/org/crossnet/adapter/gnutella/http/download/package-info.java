/** The downloading side: multi-source swarming over HTTP ranges, queue polling, THEX and SHA-1 verification. */
package org.crossnet.adapter.gnutella.http.download;
