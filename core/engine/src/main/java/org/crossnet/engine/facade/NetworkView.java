package org.crossnet.engine.facade;

import java.util.Set;
import org.crossnet.spi.AdapterCapability;
import org.crossnet.spi.model.NetworkId;

/**
 * One network adapter as API clients see it.
 *
 * @param state   {@code DISABLED}, {@code STARTING}, {@code RUNNING}, {@code STOPPING} or {@code FAILED}
 * @param detail  the adapter's status line when running, the failure reason when failed; may be empty
 */
public record NetworkView(NetworkId id, String displayName, boolean enabled, AdapterState state,
                          Set<AdapterCapability> capabilities, String detail) {
    public NetworkView {
        capabilities = Set.copyOf(capabilities);
    }
}
