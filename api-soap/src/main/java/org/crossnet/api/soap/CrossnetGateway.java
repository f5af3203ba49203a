package org.crossnet.api.soap;

import jakarta.jws.WebMethod;
import jakarta.jws.WebParam;
import jakarta.jws.WebResult;
import jakarta.jws.WebService;
import jakarta.jws.soap.SOAPBinding;
import java.util.List;
import org.apache.cxf.annotations.WSDLDocumentation;
import org.crossnet.api.soap.wire.EventPage;
import org.crossnet.api.soap.wire.Info;
import org.crossnet.api.soap.wire.Links;
import org.crossnet.api.soap.wire.Network;
import org.crossnet.api.soap.wire.Query;
import org.crossnet.api.soap.wire.Search;
import org.crossnet.api.soap.wire.SearchResults;
import org.crossnet.api.soap.wire.Share;
import org.crossnet.api.soap.wire.Transfer;

/**
 * The gateway's SOAP port type: one operation per {@link org.crossnet.engine.facade.Operation}, named by its
 * {@code soapName()}, document/literal wrapped. Parameter and result element names are the member names of
 * docs/api.md. Every operation fails only with {@link GatewayFault}. Identifiers are UUID strings; network ids are
 * lowercase names such as {@code bittorrent}.
 */
@WebService(name = "CrossnetGateway", targetNamespace = CrossnetGateway.NAMESPACE)
@SOAPBinding(style = SOAPBinding.Style.DOCUMENT, use = SOAPBinding.Use.LITERAL,
        parameterStyle = SOAPBinding.ParameterStyle.WRAPPED)
@WSDLDocumentation("Crossnet gateway API v1: one operation per gateway operation; see docs/api.md and docs/api-soap.md")
public interface CrossnetGateway {
    /** Target namespace of the port type, its wrapper elements and the wire types. */
    String NAMESPACE = "urn:crossnet:gateway:v1";

    @WebMethod(operationName = "gatewayInfo")
    @WebResult(name = "info")
    @WSDLDocumentation("gateway.info: version, start time, counts and the newest event id")
    Info gatewayInfo() throws GatewayFault;

    @WebMethod(operationName = "networkList")
    @WebResult(name = "network")
    @WSDLDocumentation("network.list: every adapter found, enabled or not")
    List<Network> networkList() throws GatewayFault;

    @WebMethod(operationName = "networkStatus")
    @WebResult(name = "network")
    @WSDLDocumentation("network.status: one adapter by id")
    Network networkStatus(@WebParam(name = "id") String id) throws GatewayFault;

    @WebMethod(operationName = "networkEnable")
    @WebResult(name = "network")
    @WSDLDocumentation("network.enable: starts the adapter and remembers the choice")
    Network networkEnable(@WebParam(name = "id") String id) throws GatewayFault;

    @WebMethod(operationName = "networkDisable")
    @WebResult(name = "network")
    @WSDLDocumentation("network.disable: stops the adapter and remembers the choice")
    Network networkDisable(@WebParam(name = "id") String id) throws GatewayFault;

    @WebMethod(operationName = "networkRestart")
    @WebResult(name = "network")
    @WSDLDocumentation("network.restart: stops and starts an enabled adapter")
    Network networkRestart(@WebParam(name = "id") String id) throws GatewayFault;

    @WebMethod(operationName = "searchStart")
    @WebResult(name = "search")
    @WSDLDocumentation("search.start: asks every matching enabled network; returns a handle at once")
    Search searchStart(@WebParam(name = "query") Query query) throws GatewayFault;

    @WebMethod(operationName = "searchResults")
    @WebResult(name = "searchResults")
    @WSDLDocumentation("search.results: one page of merged hits, best first")
    SearchResults searchResults(@WebParam(name = "id") String id, @WebParam(name = "offset") int offset,
                                @WebParam(name = "limit") int limit) throws GatewayFault;

    @WebMethod(operationName = "searchStop")
    @WebResult(name = "search")
    @WSDLDocumentation("search.stop: cancels the search; results stay readable")
    Search searchStop(@WebParam(name = "id") String id) throws GatewayFault;

    @WebMethod(operationName = "transferAddLink")
    @WebResult(name = "transfer")
    @WSDLDocumentation("transfer.addLink: a magnet URI or an ed2k:// file link")
    Transfer transferAddLink(@WebParam(name = "link") String link) throws GatewayFault;

    @WebMethod(operationName = "transferAddTorrent")
    @WebResult(name = "transfer")
    @WSDLDocumentation("transfer.addTorrent: the bytes of a .torrent file (base64Binary)")
    Transfer transferAddTorrent(@WebParam(name = "torrent") byte[] torrent) throws GatewayFault;

    @WebMethod(operationName = "transferAddHit")
    @WebResult(name = "transfer")
    @WSDLDocumentation("transfer.addHit: a hit of a search's results by its index")
    Transfer transferAddHit(@WebParam(name = "search") String search, @WebParam(name = "index") int index)
            throws GatewayFault;

    @WebMethod(operationName = "transferList")
    @WebResult(name = "transfer")
    @WSDLDocumentation("transfer.list: every transfer")
    List<Transfer> transferList() throws GatewayFault;

    @WebMethod(operationName = "transferGet")
    @WebResult(name = "transfer")
    @WSDLDocumentation("transfer.get: one transfer by id")
    Transfer transferGet(@WebParam(name = "id") String id) throws GatewayFault;

    @WebMethod(operationName = "transferPause")
    @WebResult(name = "transfer")
    @WSDLDocumentation("transfer.pause")
    Transfer transferPause(@WebParam(name = "id") String id) throws GatewayFault;

    @WebMethod(operationName = "transferResume")
    @WebResult(name = "transfer")
    @WSDLDocumentation("transfer.resume")
    Transfer transferResume(@WebParam(name = "id") String id) throws GatewayFault;

    @WebMethod(operationName = "transferLimit")
    @WebResult(name = "transfer")
    @WSDLDocumentation("transfer.limit: sets the transfer's download and upload limits in bytes/second, 0 = none; "
            + "both replace the previous pair")
    Transfer transferLimit(@WebParam(name = "id") String id, @WebParam(name = "downloadLimit") long downloadLimit,
                           @WebParam(name = "uploadLimit") long uploadLimit) throws GatewayFault;

    @WebMethod(operationName = "transferRemove")
    @WSDLDocumentation("transfer.remove: forgets the transfer; deletes its file too when deleteData")
    void transferRemove(@WebParam(name = "id") String id, @WebParam(name = "deleteData") boolean deleteData)
            throws GatewayFault;

    @WebMethod(operationName = "shareAdd")
    @WebResult(name = "share")
    @WSDLDocumentation("share.add: a file or a folder (recursively); returns the entries queued for hashing")
    List<Share> shareAdd(@WebParam(name = "path") String path) throws GatewayFault;

    @WebMethod(operationName = "shareList")
    @WebResult(name = "share")
    @WSDLDocumentation("share.list: every file in the library")
    List<Share> shareList() throws GatewayFault;

    @WebMethod(operationName = "shareGet")
    @WebResult(name = "share")
    @WSDLDocumentation("share.get: one library file by id")
    Share shareGet(@WebParam(name = "id") String id) throws GatewayFault;

    @WebMethod(operationName = "shareRemove")
    @WSDLDocumentation("share.remove: stops sharing; the file on disk is untouched")
    void shareRemove(@WebParam(name = "id") String id) throws GatewayFault;

    @WebMethod(operationName = "shareLinks")
    @WebResult(name = "links")
    @WSDLDocumentation("share.links: magnet, ed2k link and .torrent bytes of a hashed share")
    Links shareLinks(@WebParam(name = "id") String id) throws GatewayFault;

    @WebMethod(operationName = "eventPoll")
    @WebResult(name = "eventPage")
    @WSDLDocumentation("event.poll: events after a cursor, oldest first; waits up to waitMillis (max 30000) for one")
    EventPage eventPoll(@WebParam(name = "after") long after, @WebParam(name = "limit") int limit,
                        @WebParam(name = "waitMillis") long waitMillis) throws GatewayFault;
}
