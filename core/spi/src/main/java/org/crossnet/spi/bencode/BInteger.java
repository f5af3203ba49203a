package org.crossnet.spi.bencode;

/** A bencoded integer, {@code i<decimal>e}; bencode allows any size but this model holds 64-bit signed values. */
public record BInteger(long value) implements BValue {
}
