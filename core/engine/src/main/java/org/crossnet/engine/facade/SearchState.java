package org.crossnet.engine.facade;

/** A search's overall state. */
public enum SearchState {
    /** At least one network is still searching. */
    RUNNING,
    /** Every network finished on its own. */
    FINISHED,
    /** Stopped by the client. */
    STOPPED
}
