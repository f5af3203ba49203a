/** The in-process event bus with cursor-resumable, monotonically numbered events. */
package org.crossnet.engine.events;
