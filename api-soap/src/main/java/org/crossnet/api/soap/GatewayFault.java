package org.crossnet.api.soap;

import jakarta.xml.ws.WebFault;
import org.crossnet.api.soap.wire.GatewayError;
import org.crossnet.spi.error.GatewayErrorCode;
import org.crossnet.spi.error.GatewayException;

/**
 * The one SOAP fault of the gateway: faultstring is the error's message, the detail a {@code <gatewayError>} with the
 * stable code. Carries no cause, so nothing internal can reach the wire.
 */
@WebFault(name = "gatewayError", targetNamespace = CrossnetGateway.NAMESPACE)
public final class GatewayFault extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient GatewayError faultInfo;

    /** The JAX-WS fault constructor (also used by clients to rebuild a received fault). */
    public GatewayFault(String message, GatewayError faultInfo) {
        super(message);
        this.faultInfo = faultInfo;
    }

    /** A fault for a code with a message safe to show to clients. */
    public static GatewayFault of(GatewayErrorCode code, String message) {
        return new GatewayFault(message, new GatewayError(code.number(), code.name()));
    }

    /** The fault for a facade error; its message is already safe to show (see {@link GatewayException}). */
    public static GatewayFault of(GatewayException e) {
        return of(e.code(), e.getMessage());
    }

    /** The JAX-WS fault bean. */
    public GatewayError getFaultInfo() {
        return faultInfo;
    }

    /** The code of {@link #getFaultInfo()}; {@link GatewayErrorCode#INTERNAL} when unknown. */
    public GatewayErrorCode code() {
        return faultInfo == null ? GatewayErrorCode.INTERNAL : GatewayErrorCode.ofNumber(faultInfo.getCode());
    }
}
