/** The unified, immutable model shared by adapters, the engine and the front-ends: identities, queries, hits, transfers. */
package org.crossnet.spi.model;
