/** The gnutella network adapter: entry point, configuration and wiring of its parts. */
package org.crossnet.adapter.gnutella;
