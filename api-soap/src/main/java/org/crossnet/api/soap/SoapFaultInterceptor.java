package org.crossnet.api.soap;

import javax.xml.namespace.QName;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.jaxws.interceptors.WebFaultOutInterceptor;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.crossnet.spi.error.GatewayErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Shapes every fault this endpoint sends (out-fault chain, after JAX-WS wrote the fault bean). The faultcode follows
 * the error code: {@code Client} for the caller's mistakes, {@code Server} for UNAVAILABLE and INTERNAL. A fault not
 * raised as {@link GatewayFault} (refused or malformed XML, unknown operation, a CXF failure) gets a fixed
 * faultstring and a {@code <gatewayError>} detail instead of CXF's text, so parser internals never reach the client.
 */
final class SoapFaultInterceptor extends AbstractPhaseInterceptor<Message> {
    /** The faultstring of a request the SOAP layer refused before any operation ran. */
    static final String REFUSED_MESSAGE = "request: refused by the SOAP layer (expected: a well-formed SOAP envelope"
            + " without DOCTYPE, at most 100 elements deep, for an operation of /soap/gateway?wsdl)";

    private static final Logger LOG = LoggerFactory.getLogger(SoapFaultInterceptor.class);

    SoapFaultInterceptor() {
        super(Phase.PRE_PROTOCOL);
        addAfter(WebFaultOutInterceptor.class.getName());
    }

    @Override
    public void handleMessage(Message message) {
        if (!(message.getContent(Exception.class) instanceof Fault fault)) {
            return;
        }
        GatewayFault gatewayFault = cause(fault);
        GatewayErrorCode code;
        if (gatewayFault != null) {
            code = gatewayFault.code();
        } else if (isClient(fault.getFaultCode())) {
            code = GatewayErrorCode.INVALID_ARGUMENT;
            // Peer misbehaviour: DEBUG only, with CXF's text for whoever debugs a client.
            LOG.debug("SOAP request refused: {}", fault.getMessage());
            replace(fault, code, REFUSED_MESSAGE);
        } else {
            code = GatewayErrorCode.INTERNAL;
            LOG.error("SOAP layer failed", fault);
            replace(fault, code, DefaultCrossnetGateway.INTERNAL_MESSAGE);
        }
        fault.setFaultCode(isClientCode(code) ? Fault.FAULT_CODE_CLIENT : Fault.FAULT_CODE_SERVER);
        message.getExchange().put(GatewayErrorCode.class, code);
    }

    /** UNAVAILABLE and INTERNAL are the gateway's side; every other code is the caller's. */
    static boolean isClientCode(GatewayErrorCode code) {
        return code != GatewayErrorCode.UNAVAILABLE && code != GatewayErrorCode.INTERNAL;
    }

    private static GatewayFault cause(Throwable fault) {
        for (Throwable t = fault; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof GatewayFault gatewayFault) {
                return gatewayFault;
            }
        }
        return null;
    }

    private static boolean isClient(QName faultCode) {
        if (faultCode == null) {
            return false;
        }
        String local = faultCode.getLocalPart();
        return Fault.FAULT_CODE_CLIENT.equals(faultCode) || "Client".equals(local) || "Sender".equals(local);
    }

    private static void replace(Fault fault, GatewayErrorCode code, String text) {
        fault.setMessage(text);
        Element detail = fault.getOrCreateDetail();
        while (detail.getFirstChild() != null) {
            detail.removeChild(detail.getFirstChild());
        }
        Document document = detail.getOwnerDocument();
        Element error = document.createElementNS(CrossnetGateway.NAMESPACE, "gw:gatewayError");
        error.appendChild(child(document, "code", Integer.toString(code.number())));
        error.appendChild(child(document, "codeName", code.name()));
        detail.appendChild(error);
    }

    private static Node child(Document document, String name, String text) {
        Element element = document.createElementNS(null, name);
        element.setTextContent(text);
        return element;
    }
}
