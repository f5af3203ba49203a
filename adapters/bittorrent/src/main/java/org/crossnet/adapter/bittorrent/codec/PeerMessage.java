package org.crossnet.adapter.bittorrent.codec;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;
import org.crossnet.spi.model.Bytes;

/**
 * A peer wire message after the handshake (BEP 3, BEP 6, BEP 10). Immutable except {@link Piece}, which holds a
 * reference-counted block: whoever consumes it releases it.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html#peer-messages">BEP 3, peer messages</a>
 */
public sealed interface PeerMessage {
    /** {@code <len=0000>} */
    record KeepAlive() implements PeerMessage {
    }

    /** {@code <len=0001><id=0>} */
    record Choke() implements PeerMessage {
    }

    /** {@code <len=0001><id=1>} */
    record Unchoke() implements PeerMessage {
    }

    /** {@code <len=0001><id=2>} */
    record Interested() implements PeerMessage {
    }

    /** {@code <len=0001><id=3>} */
    record NotInterested() implements PeerMessage {
    }

    /** {@code <len=0005><id=4><piece index>} */
    record Have(int piece) implements PeerMessage {
    }

    /** {@code <len=0001+X><id=5><bitfield>}, high bit of the first byte is piece 0. */
    record Bitfield(Bytes bits) implements PeerMessage {
    }

    /** {@code <len=0013><id=6><index><begin><length>} */
    record Request(int piece, int begin, int length) implements PeerMessage {
    }

    /** {@code <len=0009+X><id=7><index><begin><block>}; owns {@code data}. */
    record Piece(int piece, int begin, ByteBuf data) implements PeerMessage, ReferenceCounted {
        @Override
        public int refCnt() {
            return data.refCnt();
        }

        @Override
        public Piece retain() {
            data.retain();
            return this;
        }

        @Override
        public Piece retain(int increment) {
            data.retain(increment);
            return this;
        }

        @Override
        public Piece touch() {
            data.touch();
            return this;
        }

        @Override
        public Piece touch(Object hint) {
            data.touch(hint);
            return this;
        }

        @Override
        public boolean release() {
            return data.release();
        }

        @Override
        public boolean release(int decrement) {
            return data.release(decrement);
        }
    }

    /** {@code <len=0013><id=8><index><begin><length>} */
    record Cancel(int piece, int begin, int length) implements PeerMessage {
    }

    /** {@code <len=0003><id=9><listen-port>} (BEP 5). */
    record Port(int port) implements PeerMessage {
    }

    /** {@code <len=0005><id=0x0D><piece index>} (BEP 6). */
    record Suggest(int piece) implements PeerMessage {
    }

    /** {@code <len=0001><id=0x0E>} (BEP 6). */
    record HaveAll() implements PeerMessage {
    }

    /** {@code <len=0001><id=0x0F>} (BEP 6). */
    record HaveNone() implements PeerMessage {
    }

    /** {@code <len=0013><id=0x10><index><begin><length>} (BEP 6). */
    record Reject(int piece, int begin, int length) implements PeerMessage {
    }

    /** {@code <len=0005><id=0x11><piece index>} (BEP 6). */
    record AllowedFast(int piece) implements PeerMessage {
    }

    /** {@code <len=0002+X><id=20><extended id><payload>} (BEP 10); id 0 is the extended handshake. */
    record Extended(int extendedId, Bytes payload) implements PeerMessage {
    }
}
