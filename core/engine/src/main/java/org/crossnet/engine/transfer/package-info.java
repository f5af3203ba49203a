/** Transfers: storage per transfer fed by every network that can fetch it, progress, resume, completion. */
package org.crossnet.engine.transfer;
