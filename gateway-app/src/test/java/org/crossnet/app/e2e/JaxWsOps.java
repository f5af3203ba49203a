package org.crossnet.app.e2e;

import jakarta.xml.ws.BindingProvider;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import org.crossnet.app.e2e.soapclient.Content;
import org.crossnet.app.e2e.soapclient.CrossnetGateway;
import org.crossnet.app.e2e.soapclient.CrossnetGatewayService;
import org.crossnet.app.e2e.soapclient.Event;
import org.crossnet.app.e2e.soapclient.EventField;
import org.crossnet.app.e2e.soapclient.EventPage;
import org.crossnet.app.e2e.soapclient.GatewayFault;
import org.crossnet.app.e2e.soapclient.Hit;
import org.crossnet.app.e2e.soapclient.Info;
import org.crossnet.app.e2e.soapclient.Links;
import org.crossnet.app.e2e.soapclient.Network;
import org.crossnet.app.e2e.soapclient.Query;
import org.crossnet.app.e2e.soapclient.Search;
import org.crossnet.app.e2e.soapclient.SearchResultsPage;
import org.crossnet.app.e2e.soapclient.Share;
import org.crossnet.app.e2e.soapclient.Transfer;
import org.crossnet.app.e2e.soapclient.TransferFile;
import org.crossnet.app.e2e.soapclient.TransferSource;
import org.crossnet.app.e2e.soapclient.TransferTracker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SOAP API through the JAX-WS client that {@code cxf-codegen-plugin} generated from the published WSDL
 * (package {@code org.crossnet.app.e2e.soapclient}), with the token as the HTTP Basic password. The generated beans
 * are rendered in the wire form of docs/api.md, member by member, so nothing here depends on how a JSON library
 * would name JAXB properties ({@code getEd2K()}).
 */
final class JaxWsOps implements GatewayOps {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final CrossnetGateway port;

    JaxWsOps(URI endpoint, String token) {
        port = new CrossnetGatewayService().getCrossnetGatewayPort();
        BindingProvider binding = (BindingProvider) port;
        binding.getRequestContext().put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, endpoint.toString());
        binding.getRequestContext().put(BindingProvider.USERNAME_PROPERTY, "crossnet");
        binding.getRequestContext().put(BindingProvider.PASSWORD_PROPERTY, token);
    }

    /** The generated port, for tests that check typed faults. */
    CrossnetGateway port() {
        return port;
    }

    @Override
    public JsonNode gatewayInfo() {
        Info info = call(port::gatewayInfo);
        ObjectNode node = NODES.objectNode();
        put(node, "version", info.getVersion());
        put(node, "startedAt", info.getStartedAt());
        node.put("networks", info.getNetworks());
        node.put("transfers", info.getTransfers());
        node.put("shares", info.getShares());
        node.put("lastEventId", info.getLastEventId());
        return node;
    }

    @Override
    public JsonNode networkList() {
        return array(call(port::networkList), JaxWsOps::network);
    }

    @Override
    public JsonNode shareAdd(String path) {
        return array(call(() -> port.shareAdd(path)), JaxWsOps::share);
    }

    @Override
    public JsonNode shareGet(String id) {
        return share(call(() -> port.shareGet(id)));
    }

    @Override
    public JsonNode shareLinks(String id) {
        Links links = call(() -> port.shareLinks(id));
        ObjectNode node = NODES.objectNode();
        put(node, "magnet", links.getMagnet());
        put(node, "ed2k", links.getEd2K());
        if (links.getTorrent() != null) {
            node.put("torrent", Base64.getEncoder().encodeToString(links.getTorrent()));
        }
        return node;
    }

    @Override
    public JsonNode searchStart(String keyword) {
        Query query = new Query();
        query.getKeywords().add(keyword);
        return search(call(() -> port.searchStart(query)));
    }

    @Override
    public JsonNode searchResults(String id) {
        SearchResultsPage page = call(() -> port.searchResults(id, 0, 50));
        ObjectNode node = NODES.objectNode();
        node.set("search", search(page.getSearch()));
        node.put("total", page.getTotal());
        node.put("offset", page.getOffset());
        node.set("hits", array(page.getHits(), JaxWsOps::hit));
        return node;
    }

    @Override
    public JsonNode searchStop(String id) {
        return search(call(() -> port.searchStop(id)));
    }

    @Override
    public JsonNode transferAddHit(String search, int index) {
        return transfer(call(() -> port.transferAddHit(search, index)));
    }

    /** transferAddLink; a fault fails the calling test. */
    JsonNode transferAddLink(String link) {
        return transfer(call(() -> port.transferAddLink(link)));
    }

    /** searchStart with keywords and the networks to ask (all when empty). */
    JsonNode searchStart(List<String> keywords, List<String> networks) {
        Query query = new Query();
        query.getKeywords().addAll(keywords);
        query.getNetworks().addAll(networks);
        return search(call(() -> port.searchStart(query)));
    }

    @Override
    public JsonNode transferList() {
        return array(call(port::transferList), JaxWsOps::transfer);
    }

    @Override
    public JsonNode transferGet(String id) {
        return transfer(call(() -> port.transferGet(id)));
    }

    @Override
    public JsonNode transferLimit(String id, long downloadLimit, long uploadLimit) {
        return transfer(call(() -> port.transferLimit(id, downloadLimit, uploadLimit)));
    }

    @Override
    public JsonNode eventPoll(long after) {
        EventPage page = call(() -> port.eventPoll(after, 1000, 0));
        ObjectNode node = NODES.objectNode();
        node.set("events", array(page.getEvents(), JaxWsOps::event));
        node.put("next", page.getNext());
        node.put("gap", page.isGap());
        return node;
    }

    private static ObjectNode network(Network network) {
        ObjectNode node = NODES.objectNode();
        put(node, "id", network.getId());
        put(node, "displayName", network.getDisplayName());
        node.put("enabled", network.isEnabled());
        put(node, "state", network.getState());
        node.set("capabilities", strings(network.getCapabilities()));
        put(node, "detail", network.getDetail());
        return node;
    }

    private static ObjectNode share(Share share) {
        ObjectNode node = NODES.objectNode();
        put(node, "id", share.getId());
        put(node, "path", share.getPath());
        put(node, "name", share.getName());
        node.put("size", share.getSize());
        put(node, "state", share.getState());
        node.put("bytesHashed", share.getBytesHashed());
        if (share.getContent() != null) {
            node.set("content", content(share.getContent()));
        }
        put(node, "detail", share.getDetail());
        put(node, "addedAt", share.getAddedAt());
        return node;
    }

    private static ObjectNode content(Content content) {
        ObjectNode node = NODES.objectNode();
        node.put("size", content.getSize());
        put(node, "name", content.getName());
        put(node, "sha1", content.getSha1());
        put(node, "ed2k", content.getEd2K());
        put(node, "aich", content.getAich());
        put(node, "tth", content.getTth());
        put(node, "btih", content.getBtih());
        return node;
    }

    private static ObjectNode search(Search search) {
        ObjectNode node = NODES.objectNode();
        put(node, "id", search.getId());
        node.set("keywords", strings(search.getKeywords()));
        put(node, "state", search.getState());
        node.set("running", strings(search.getRunning()));
        node.set("finished", strings(search.getFinished()));
        node.put("hits", search.getHits());
        put(node, "startedAt", search.getStartedAt());
        return node;
    }

    private static ObjectNode hit(Hit hit) {
        ObjectNode node = NODES.objectNode();
        node.put("index", hit.getIndex());
        put(node, "name", hit.getName());
        node.put("size", hit.getSize());
        if (hit.getContent() != null) {
            node.set("content", content(hit.getContent()));
        }
        node.set("networks", strings(hit.getNetworks()));
        node.put("sources", hit.getSources());
        return node;
    }

    private static ObjectNode transfer(Transfer transfer) {
        ObjectNode node = NODES.objectNode();
        put(node, "id", transfer.getId());
        put(node, "name", transfer.getName());
        if (transfer.getContent() != null) {
            node.set("content", content(transfer.getContent()));
        }
        put(node, "state", transfer.getState());
        node.put("bytesDone", transfer.getBytesDone());
        node.put("bytesVerified", transfer.getBytesVerified());
        node.put("bytesTotal", transfer.getBytesTotal());
        node.put("downloadRate", transfer.getDownloadRate());
        node.put("uploadRate", transfer.getUploadRate());
        node.put("progress", transfer.getProgress());
        node.set("sources", array(transfer.getSources(), JaxWsOps::source));
        put(node, "detail", transfer.getDetail());
        put(node, "addedAt", transfer.getAddedAt());
        node.set("files", array(transfer.getFiles(), JaxWsOps::file));
        node.set("trackers", array(transfer.getTrackers(), JaxWsOps::tracker));
        node.put("downloadLimit", transfer.getDownloadLimit());
        node.put("uploadLimit", transfer.getUploadLimit());
        return node;
    }

    private static ObjectNode file(TransferFile file) {
        ObjectNode node = NODES.objectNode();
        put(node, "path", file.getPath());
        node.put("length", file.getLength());
        node.put("offset", file.getOffset());
        node.put("bytesVerified", file.getBytesVerified());
        return node;
    }

    private static ObjectNode tracker(TransferTracker tracker) {
        ObjectNode node = NODES.objectNode();
        put(node, "network", tracker.getNetwork());
        put(node, "url", tracker.getUrl());
        node.put("tier", tracker.getTier());
        put(node, "state", tracker.getState());
        put(node, "lastAnnounce", tracker.getLastAnnounce());
        put(node, "nextAnnounce", tracker.getNextAnnounce());
        node.put("peers", tracker.getPeers());
        node.put("seeders", tracker.getSeeders());
        node.put("leechers", tracker.getLeechers());
        put(node, "error", tracker.getError());
        return node;
    }

    private static ObjectNode source(TransferSource source) {
        ObjectNode node = NODES.objectNode();
        put(node, "network", source.getNetwork());
        node.put("connected", source.getConnected());
        node.put("known", source.getKnown());
        return node;
    }

    private static ObjectNode event(Event event) {
        ObjectNode node = NODES.objectNode();
        node.put("id", event.getId());
        put(node, "at", event.getAt());
        put(node, "type", event.getType());
        ObjectNode data = node.putObject("data");
        if (event.getData() != null) {
            for (EventField field : event.getData().getField()) {
                data.put(field.getName(), field.getValue());
            }
        }
        return node;
    }

    private static void put(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static <T> ArrayNode array(List<T> values, Function<T, ObjectNode> render) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(v -> array.add(render.apply(v)));
        return array;
    }

    /** A SOAP call whose checked fault becomes a test failure naming the fault. */
    private static <T> T call(SoapCall<T> call) {
        try {
            return call.run();
        } catch (GatewayFault fault) {
            throw new AssertionError("SOAP fault " + fault.getFaultInfo().getCodeName() + ": " + fault.getMessage(),
                    fault);
        }
    }

    @FunctionalInterface
    private interface SoapCall<T> {
        T run() throws GatewayFault;
    }
}
