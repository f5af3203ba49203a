/** Adapter discovery (classpath and plugins folder), strict config binding and lifecycle. */
package org.crossnet.engine.registry;
