package org.crossnet.api.xmlrpc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.xmlrpc.XmlRpcHandler;
import org.apache.xmlrpc.metadata.XmlRpcListableHandlerMapping;
import org.crossnet.api.xmlrpc.MethodSpec.Param;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.engine.facade.Operation;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.crossnet.spi.model.MediaType;
import org.crossnet.spi.model.NetworkId;
import org.crossnet.spi.model.SearchId;
import org.crossnet.spi.model.SearchQuery;
import org.crossnet.spi.model.ShareId;
import org.crossnet.spi.model.TransferId;

/**
 * The method table: {@code crossnet.<operation>} for every {@link Operation}, bound in one exhaustive switch (a new
 * operation does not compile until it has a method), plus {@code system.listMethods}, {@code system.methodHelp} and
 * {@code system.methodSignature}. An unknown method name is an {@link GatewayErrorCode#INVALID_ARGUMENT} fault
 * naming the method. Immutable and thread-safe.
 *
 * <p>A hand-written mapping rather than {@code PropertyHandlerMapping}: reflection would expose Java method
 * names and types instead of the documented wire forms, and could not produce precise argument errors.
 */
final class GatewayMethods implements XmlRpcListableHandlerMapping {
    /** Returned by operations without a result (transfer.remove, share.remove). */
    static final Boolean DONE = Boolean.TRUE;

    private static final Set<String> QUERY_MEMBERS = Set.of("keywords", "minSize", "maxSize", "media", "networks");
    private static final String ID = "string";

    private final Map<String, MethodSpec> methods;
    private final Map<String, XmlRpcHandler> handlers;

    GatewayMethods(GatewayService service, OperationInterceptor interceptor) {
        Map<String, MethodSpec> table = new TreeMap<>();
        for (Operation operation : Operation.values()) {
            MethodSpec spec = bind(operation, service);
            table.put(spec.name(), spec);
        }
        for (MethodSpec spec : systemMethods()) {
            table.put(spec.name(), spec);
        }
        this.methods = Collections.unmodifiableMap(table);
        Map<String, XmlRpcHandler> byName = new LinkedHashMap<>();
        for (MethodSpec spec : table.values()) {
            byName.put(spec.name(), request -> {
                if (spec.operation() == null) {
                    return spec.body().apply(Arguments.of(spec, request));
                }
                // Argument errors count as calls of the operation, so metrics see them too.
                return interceptor.invoke(spec.operation(), () -> spec.body().apply(Arguments.of(spec, request)));
            });
        }
        this.handlers = Collections.unmodifiableMap(byName);
    }

    @Override
    public XmlRpcHandler getHandler(String name) {
        XmlRpcHandler handler = handlers.get(name);
        if (handler == null) {
            throw GatewayException.invalid("method", Arguments.abbreviate(String.valueOf(name)),
                    "a method listed by system.listMethods");
        }
        return handler;
    }

    @Override
    public String[] getListMethods() {
        return methods.keySet().toArray(new String[0]);
    }

    @Override
    public String[][] getMethodSignature(String name) {
        List<String> signature = spec(name).signature();
        return new String[][] {signature.toArray(new String[0])};
    }

    @Override
    public String getMethodHelp(String name) {
        return spec(name).help();
    }

    private MethodSpec spec(String name) {
        MethodSpec spec = methods.get(name);
        if (spec == null) {
            throw GatewayException.invalid("method", Arguments.abbreviate(String.valueOf(name)),
                    "a method listed by system.listMethods");
        }
        return spec;
    }

    private List<MethodSpec> systemMethods() {
        Param method = new Param("string", "method name");
        List<MethodSpec> list = new ArrayList<>();
        list.add(new MethodSpec("system.listMethods", null, "array", List.of(),
                "Names of every method, sorted.", a -> List.of(getListMethods())));
        list.add(new MethodSpec("system.methodHelp", null, "string", List.of(method),
                "A line of help for a method.", a -> getMethodHelp(a.string(0))));
        list.add(new MethodSpec("system.methodSignature", null, "array", List.of(method),
                "The method's signature: [[return type, parameter types...]].",
                a -> List.of(spec(a.string(0)).signature())));
        return list;
    }

    private static MethodSpec bind(Operation op, GatewayService s) {
        Param network = new Param(ID, "network id");
        Param search = new Param(ID, "search id");
        Param transfer = new Param(ID, "transfer id");
        Param share = new Param(ID, "share id");
        return switch (op) {
            case GATEWAY_INFO -> spec(op, "struct", "The gateway's version, start time and counts (info).",
                    a -> WireStructs.info(s.gatewayInfo()));
            case NETWORK_LIST -> spec(op, "array", "Every network adapter found (network structs).",
                    a -> WireStructs.list(s.networkList(), WireStructs::network));
            case NETWORK_STATUS -> spec(op, "struct", "One network adapter (network).",
                    a -> WireStructs.network(s.networkStatus(a.parsed(0, NetworkId::new))), network);
            case NETWORK_ENABLE -> spec(op, "struct", "Starts a network adapter and remembers the choice (network).",
                    a -> WireStructs.network(s.networkEnable(a.parsed(0, NetworkId::new))), network);
            case NETWORK_DISABLE -> spec(op, "struct", "Stops a network adapter and remembers the choice (network).",
                    a -> WireStructs.network(s.networkDisable(a.parsed(0, NetworkId::new))), network);
            case NETWORK_RESTART -> spec(op, "struct", "Stops and starts an enabled network adapter (network).",
                    a -> WireStructs.network(s.networkRestart(a.parsed(0, NetworkId::new))), network);
            case SEARCH_START -> spec(op, "struct", "Starts a search on matching networks; returns at once (search).",
                    a -> WireStructs.search(s.searchStart(query(a))),
                    new Param("struct", "query"));
            case SEARCH_RESULTS -> spec(op, "struct", "A page of a search's merged hits, best first (searchResults).",
                    a -> WireStructs.searchResults(s.searchResults(a.parsed(0, SearchId::parse), a.int32(1),
                            a.int32(2))),
                    search, new Param("int", "offset"), new Param("int", "limit"));
            case SEARCH_STOP -> spec(op, "struct", "Stops a search; its results stay readable (search).",
                    a -> WireStructs.search(s.searchStop(a.parsed(0, SearchId::parse))), search);
            case TRANSFER_ADD_LINK -> spec(op, "struct", "Adds a transfer from a magnet or ed2k:// link (transfer).",
                    a -> WireStructs.transfer(s.transferAddLink(a.string(0))), new Param("string", "link"));
            case TRANSFER_ADD_TORRENT -> spec(op, "struct", "Adds a transfer from .torrent file bytes (transfer).",
                    a -> WireStructs.transfer(s.transferAddTorrent(a.base64(0))),
                    new Param("base64", "torrent file"));
            case TRANSFER_ADD_HIT -> spec(op, "struct", "Adds a transfer from a search hit, by its index (transfer).",
                    a -> WireStructs.transfer(s.transferAddHit(a.parsed(0, SearchId::parse), a.int32(1))),
                    search, new Param("int", "hit index"));
            case TRANSFER_LIST -> spec(op, "array", "Every transfer (transfer structs).",
                    a -> WireStructs.list(s.transferList(), WireStructs::transfer));
            case TRANSFER_GET -> spec(op, "struct", "One transfer (transfer).",
                    a -> WireStructs.transfer(s.transferGet(a.parsed(0, TransferId::parse))), transfer);
            case TRANSFER_PAUSE -> spec(op, "struct", "Pauses a transfer (transfer).",
                    a -> WireStructs.transfer(s.transferPause(a.parsed(0, TransferId::parse))), transfer);
            case TRANSFER_RESUME -> spec(op, "struct", "Resumes a paused transfer (transfer).",
                    a -> WireStructs.transfer(s.transferResume(a.parsed(0, TransferId::parse))), transfer);
            case TRANSFER_LIMIT -> spec(op, "struct",
                    "Sets a transfer's download and upload limits in bytes/second, 0 = none (transfer).",
                    a -> WireStructs.transfer(s.transferLimit(a.parsed(0, TransferId::parse), a.int64(1),
                            a.int64(2))),
                    transfer, new Param("i8", "downloadLimit"), new Param("i8", "uploadLimit"));
            case TRANSFER_REMOVE -> spec(op, "boolean", "Forgets a transfer, deleting its data if asked; returns true.",
                    a -> {
                        s.transferRemove(a.parsed(0, TransferId::parse), a.bool(1));
                        return DONE;
                    }, transfer, new Param("boolean", "deleteData"));
            case SHARE_ADD -> spec(op, "array", "Shares a file or folder; returns entries queued for hashing.",
                    a -> WireStructs.list(s.shareAdd(a.string(0)), WireStructs::share),
                    new Param("string", "path"));
            case SHARE_LIST -> spec(op, "array", "Every shared file (share structs).",
                    a -> WireStructs.list(s.shareList(), WireStructs::share));
            case SHARE_GET -> spec(op, "struct", "One shared file (share).",
                    a -> WireStructs.share(s.shareGet(a.parsed(0, ShareId::parse))), share);
            case SHARE_REMOVE -> spec(op, "boolean", "Stops sharing a file (it stays on disk); returns true.",
                    a -> {
                        s.shareRemove(a.parsed(0, ShareId::parse));
                        return DONE;
                    }, share);
            case SHARE_LINKS -> spec(op, "struct", "Magnet, ed2k link and .torrent bytes of a hashed share (links).",
                    a -> WireStructs.links(s.shareLinks(a.parsed(0, ShareId::parse))), share);
            case EVENT_POLL -> spec(op, "struct", "Events after a cursor, waiting up to waitMillis (eventPage).",
                    a -> WireStructs.eventPage(s.eventPoll(a.int64(0), a.int32(1), a.int64(2))),
                    new Param("i8", "after"), new Param("int", "limit"), new Param("i8", "waitMillis"));
        };
    }

    private static MethodSpec spec(Operation op, String returns, String help, Function<Arguments, Object> body,
                                   Param... params) {
        return new MethodSpec(op.xmlRpcName(), op, returns, List.of(params), help, body);
    }

    /** The search.start struct: keywords (required), minSize, maxSize, media, networks; unknown members refused. */
    private static SearchQuery query(Arguments a) {
        Map<String, Object> struct = a.struct(0);
        String field = a.field(0);
        for (String key : struct.keySet()) {
            if (!QUERY_MEMBERS.contains(key)) {
                throw GatewayException.invalid(field + ": member", Arguments.abbreviate(key),
                        "keywords, minSize, maxSize, media, networks");
            }
        }
        Object keywords = struct.get("keywords");
        if (keywords == null) {
            throw GatewayException.invalid(field + ": keywords", "missing", "array of 1.."
                    + SearchQuery.MAX_KEYWORDS + " strings");
        }
        List<String> words = Arguments.strings(field + ": keywords", keywords, "array of strings");
        long minSize = struct.get("minSize") == null ? 0
                : Arguments.int64(field + ": minSize", struct.get("minSize"), "i8, int or decimal string");
        long maxSize = struct.get("maxSize") == null ? Long.MAX_VALUE
                : Arguments.int64(field + ": maxSize", struct.get("maxSize"), "i8, int or decimal string");
        MediaType media = MediaType.ANY;
        Object mediaValue = struct.get("media");
        if (mediaValue != null) {
            String allowed = java.util.Arrays.toString(MediaType.values());
            if (!(mediaValue instanceof String)) {
                throw GatewayException.invalid(field + ": media", Arguments.describe(mediaValue), "one of " + allowed);
            }
            try {
                media = MediaType.valueOf((String) mediaValue);
            } catch (IllegalArgumentException e) {
                throw GatewayException.invalid(field + ": media", Arguments.abbreviate((String) mediaValue),
                        "one of " + allowed);
            }
        }
        Set<NetworkId> networks = new java.util.LinkedHashSet<>();
        if (struct.get("networks") != null) {
            for (String id : Arguments.strings(field + ": networks", struct.get("networks"), "array of network ids")) {
                networks.add(model(field, () -> new NetworkId(id)));
            }
        }
        long min = minSize;
        long max = maxSize;
        MediaType kind = media;
        return model(field, () -> new SearchQuery(words, min, max, kind, networks));
    }

    /** Runs a model constructor; its IllegalArgumentException text (already "field: value (expected: …)") is kept. */
    private static <T> T model(String field, java.util.function.Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new GatewayException(GatewayErrorCode.INVALID_ARGUMENT, field + ": " + e.getMessage());
        }
    }
}
