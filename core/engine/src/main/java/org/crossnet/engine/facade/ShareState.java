package org.crossnet.engine.facade;

/** Hashing state of a library file. */
public enum ShareState {
    /** Waiting for or being hashed. */
    HASHING,
    /** Hashed and published. */
    READY,
    /** Could not be hashed (missing, unreadable); see the detail. */
    FAILED
}
