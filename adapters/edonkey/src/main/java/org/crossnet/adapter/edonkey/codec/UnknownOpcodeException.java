package org.crossnet.adapter.edonkey.codec;

/** An opcode outside the tables aMule 2.3.3 knows: the connection is closed, since its payload cannot be trusted. */
public final class UnknownOpcodeException extends Ed2kWireException {
    public UnknownOpcodeException(String space, int protocol, int opcode) {
        super("opcode", String.format("0x%02X 0x%02X", protocol, opcode), "an eD2k " + space + " opcode");
    }
}
