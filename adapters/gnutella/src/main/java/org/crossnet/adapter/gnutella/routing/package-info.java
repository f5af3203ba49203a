/** Message routing: duplicate suppression and reply routes with expiry, TTL rules, rate limits, outbound queues. */
package org.crossnet.adapter.gnutella.routing;
