package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * The detail of every SOAP fault: {@code <gatewayError><code>101</code><codeName>NOT_FOUND</codeName></gatewayError>}
 * with the stable number and name of {@link org.crossnet.spi.error.GatewayErrorCode}.
 */
@XmlType(name = "gatewayError", propOrder = {"code", "codeName"})
@XmlAccessorType(XmlAccessType.FIELD)
public final class GatewayError {
    @XmlElement(required = true)
    private int code;
    @XmlElement(required = true)
    private String codeName;

    GatewayError() {
    }

    public GatewayError(int code, String codeName) {
        this.code = code;
        this.codeName = codeName;
    }

    /** The stable number, e.g. 101. */
    public int getCode() {
        return code;
    }

    /** The code's name, e.g. NOT_FOUND. */
    public String getCodeName() {
        return codeName;
    }
}
