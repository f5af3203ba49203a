/**
 * The JAXB wire forms of docs/api.md as the SOAP API sends them: element names are the member names, null members
 * are omitted, 64-bit values are {@code xs:long}, times are ISO-8601 UTC strings.
 */
@XmlSchema(namespace = "urn:crossnet:gateway:v1")
@XmlAccessorType(XmlAccessType.FIELD)
package org.crossnet.api.soap.wire;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlSchema;
