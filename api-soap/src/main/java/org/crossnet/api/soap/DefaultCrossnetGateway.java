package org.crossnet.api.soap;

import jakarta.jws.WebService;
import java.util.List;
import java.util.function.Supplier;
import org.crossnet.api.soap.wire.EventPage;
import org.crossnet.api.soap.wire.Info;
import org.crossnet.api.soap.wire.Links;
import org.crossnet.api.soap.wire.Network;
import org.crossnet.api.soap.wire.Query;
import org.crossnet.api.soap.wire.Search;
import org.crossnet.api.soap.wire.SearchResults;
import org.crossnet.api.soap.wire.Share;
import org.crossnet.api.soap.wire.Transfer;
import org.crossnet.engine.facade.GatewayService;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SOAP port: parses arguments, calls {@link GatewayService}, maps the result to its wire form. A
 * {@link GatewayException} becomes a {@link GatewayFault} with its code and message; any other exception is a bug,
 * logged here and answered as {@code INTERNAL} without its message. Thread-safe (stateless over the facade).
 */
@WebService(serviceName = "CrossnetGatewayService", portName = "CrossnetGatewayPort",
        targetNamespace = CrossnetGateway.NAMESPACE, endpointInterface = "org.crossnet.api.soap.CrossnetGateway")
public final class DefaultCrossnetGateway implements CrossnetGateway {
    /** The faultstring of every fault whose cause must not be shown. */
    static final String INTERNAL_MESSAGE = "internal error";

    private static final Logger LOG = LoggerFactory.getLogger(DefaultCrossnetGateway.class);
    private static final String ID = "id";

    private final GatewayService service;

    public DefaultCrossnetGateway(GatewayService service) {
        if (service == null) {
            throw new IllegalArgumentException("service: null (expected: a GatewayService)");
        }
        this.service = service;
    }

    @Override
    public Info gatewayInfo() throws GatewayFault {
        return call(() -> WireMapping.info(service.gatewayInfo()));
    }

    @Override
    public List<Network> networkList() throws GatewayFault {
        return call(() -> WireMapping.networks(service.networkList()));
    }

    @Override
    public Network networkStatus(String id) throws GatewayFault {
        return call(() -> WireMapping.network(service.networkStatus(Arguments.network(ID, id))));
    }

    @Override
    public Network networkEnable(String id) throws GatewayFault {
        return call(() -> WireMapping.network(service.networkEnable(Arguments.network(ID, id))));
    }

    @Override
    public Network networkDisable(String id) throws GatewayFault {
        return call(() -> WireMapping.network(service.networkDisable(Arguments.network(ID, id))));
    }

    @Override
    public Network networkRestart(String id) throws GatewayFault {
        return call(() -> WireMapping.network(service.networkRestart(Arguments.network(ID, id))));
    }

    @Override
    public Search searchStart(Query query) throws GatewayFault {
        return call(() -> WireMapping.search(service.searchStart(Arguments.query(query))));
    }

    @Override
    public SearchResults searchResults(String id, int offset, int limit) throws GatewayFault {
        return call(() -> WireMapping.searchResults(service.searchResults(Arguments.search(ID, id),
                Arguments.nonNegative("offset", offset), Arguments.nonNegative("limit", limit))));
    }

    @Override
    public Search searchStop(String id) throws GatewayFault {
        return call(() -> WireMapping.search(service.searchStop(Arguments.search(ID, id))));
    }

    @Override
    public Transfer transferAddLink(String link) throws GatewayFault {
        return call(() -> WireMapping.transfer(service.transferAddLink(
                Arguments.text("link", link, "a magnet: URI or an ed2k:// file link"))));
    }

    @Override
    public Transfer transferAddTorrent(byte[] torrent) throws GatewayFault {
        return call(() -> WireMapping.transfer(service.transferAddTorrent(
                Arguments.bytes("torrent", torrent, "the bytes of a .torrent file, base64-encoded"))));
    }

    @Override
    public Transfer transferAddHit(String search, int index) throws GatewayFault {
        return call(() -> WireMapping.transfer(service.transferAddHit(Arguments.search("search", search),
                Arguments.nonNegative("index", index))));
    }

    @Override
    public List<Transfer> transferList() throws GatewayFault {
        return call(() -> WireMapping.transfers(service.transferList()));
    }

    @Override
    public Transfer transferGet(String id) throws GatewayFault {
        return call(() -> WireMapping.transfer(service.transferGet(Arguments.transfer(ID, id))));
    }

    @Override
    public Transfer transferPause(String id) throws GatewayFault {
        return call(() -> WireMapping.transfer(service.transferPause(Arguments.transfer(ID, id))));
    }

    @Override
    public Transfer transferResume(String id) throws GatewayFault {
        return call(() -> WireMapping.transfer(service.transferResume(Arguments.transfer(ID, id))));
    }

    @Override
    public Transfer transferLimit(String id, long downloadLimit, long uploadLimit) throws GatewayFault {
        return call(() -> WireMapping.transfer(service.transferLimit(Arguments.transfer(ID, id), downloadLimit,
                uploadLimit)));
    }

    @Override
    public void transferRemove(String id, boolean deleteData) throws GatewayFault {
        call(() -> {
            service.transferRemove(Arguments.transfer(ID, id), deleteData);
            return null;
        });
    }

    @Override
    public List<Share> shareAdd(String path) throws GatewayFault {
        return call(() -> WireMapping.shares(service.shareAdd(
                Arguments.text("path", path, "an absolute path of a file or folder"))));
    }

    @Override
    public List<Share> shareList() throws GatewayFault {
        return call(() -> WireMapping.shares(service.shareList()));
    }

    @Override
    public Share shareGet(String id) throws GatewayFault {
        return call(() -> WireMapping.share(service.shareGet(Arguments.share(ID, id))));
    }

    @Override
    public void shareRemove(String id) throws GatewayFault {
        call(() -> {
            service.shareRemove(Arguments.share(ID, id));
            return null;
        });
    }

    @Override
    public Links shareLinks(String id) throws GatewayFault {
        return call(() -> WireMapping.links(service.shareLinks(Arguments.share(ID, id))));
    }

    @Override
    public EventPage eventPoll(long after, int limit, long waitMillis) throws GatewayFault {
        return call(() -> WireMapping.eventPage(service.eventPoll(after, limit, waitMillis)));
    }

    private static <T> T call(Supplier<T> body) throws GatewayFault {
        try {
            return body.get();
        } catch (GatewayException e) {
            if (e.code() == GatewayErrorCode.INTERNAL) {
                // INTERNAL details are for the log only (GatewayErrorCode#INTERNAL).
                LOG.error("SOAP call failed inside the gateway", e);
                throw GatewayFault.of(GatewayErrorCode.INTERNAL, INTERNAL_MESSAGE);
            }
            throw GatewayFault.of(e);
        } catch (RuntimeException e) {
            LOG.error("SOAP call failed unexpectedly", e);
            throw GatewayFault.of(GatewayErrorCode.INTERNAL, INTERNAL_MESSAGE);
        }
    }
}
