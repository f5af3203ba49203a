package org.crossnet.engine.facade;

/** Lifecycle state of an adapter in the registry. */
public enum AdapterState {
    DISABLED, STARTING, RUNNING, STOPPING, FAILED
}
