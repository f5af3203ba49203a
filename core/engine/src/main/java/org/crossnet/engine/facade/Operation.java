package org.crossnet.engine.facade;

import java.util.Arrays;
import java.util.Optional;

/**
 * The one table of gateway operations. Every front-end exposes exactly these: XML-RPC as {@code crossnet.<name>},
 * SOAP as {@link #soapName()}, REST at the route in docs/api.md. A test in each API module walks {@code values()}
 * and fails on a missing one. Names are API: never rename, only add.
 */
public enum Operation {
    GATEWAY_INFO("gateway.info", false),

    NETWORK_LIST("network.list", false),
    NETWORK_STATUS("network.status", false),
    NETWORK_ENABLE("network.enable", true),
    NETWORK_DISABLE("network.disable", true),
    NETWORK_RESTART("network.restart", true),

    SEARCH_START("search.start", true),
    SEARCH_RESULTS("search.results", false),
    SEARCH_STOP("search.stop", true),

    TRANSFER_ADD_LINK("transfer.addLink", true),
    TRANSFER_ADD_TORRENT("transfer.addTorrent", true),
    TRANSFER_ADD_HIT("transfer.addHit", true),
    TRANSFER_LIST("transfer.list", false),
    TRANSFER_GET("transfer.get", false),
    TRANSFER_PAUSE("transfer.pause", true),
    TRANSFER_RESUME("transfer.resume", true),
    TRANSFER_LIMIT("transfer.limit", true),
    TRANSFER_REMOVE("transfer.remove", true),

    SHARE_ADD("share.add", true),
    SHARE_LIST("share.list", false),
    SHARE_GET("share.get", false),
    SHARE_REMOVE("share.remove", true),
    SHARE_LINKS("share.links", false),

    EVENT_POLL("event.poll", false);

    private final String wireName;
    private final boolean mutating;

    Operation(String wireName, boolean mutating) {
        this.wireName = wireName;
        this.mutating = mutating;
    }

    /** The dotted name, e.g. {@code transfer.pause}; the XML-RPC method is {@code crossnet.} + this. */
    public String wireName() {
        return wireName;
    }

    /** The XML-RPC method name. */
    public String xmlRpcName() {
        return "crossnet." + wireName;
    }

    /** The SOAP operation name: the wire name in camelCase, e.g. {@code transferPause}. */
    public String soapName() {
        int dot = wireName.indexOf('.');
        return wireName.substring(0, dot) + Character.toUpperCase(wireName.charAt(dot + 1))
                + wireName.substring(dot + 2);
    }

    /** True when the operation changes state (false: read-only). */
    public boolean mutating() {
        return mutating;
    }

    /** The operation with this dotted name. */
    public static Optional<Operation> ofWireName(String name) {
        return Arrays.stream(values()).filter(o -> o.wireName.equals(name)).findFirst();
    }
}
