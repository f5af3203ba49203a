package org.crossnet.api.rest.wire;

/** One entry of a transfer's {@code sources}: sources on one network, connected now and known in total. */
public record SourceJson(String network, int connected, int known) {
}
