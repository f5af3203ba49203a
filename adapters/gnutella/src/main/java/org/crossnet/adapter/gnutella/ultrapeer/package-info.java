/** What an ultrapeer does besides routing: dynamic querying for its leaves and pong caching. */
package org.crossnet.adapter.gnutella.ultrapeer;
