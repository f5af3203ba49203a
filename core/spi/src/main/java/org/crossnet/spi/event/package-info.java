/** The sealed event model published on the gateway's event bus and streamed to API clients. */
package org.crossnet.spi.event;
