/** The share library: files hashed once into every network's identity and published on every network. */
package org.crossnet.engine.share;
