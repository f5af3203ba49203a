/** Error codes and the single exception type shared by adapters, the engine and every front-end. */
package org.crossnet.spi.error;
