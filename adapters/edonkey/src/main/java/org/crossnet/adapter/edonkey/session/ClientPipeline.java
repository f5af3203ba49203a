package org.crossnet.adapter.edonkey.session;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.crossnet.adapter.edonkey.codec.ClientMessageDecoder;
import org.crossnet.adapter.edonkey.codec.ClientMessageEncoder;
import org.crossnet.adapter.edonkey.codec.Ed2kFrameDecoder;
import org.crossnet.adapter.edonkey.codec.PackedPacketInflater;

/**
 * Assembles a client-to-client pipeline: idle timeout → frame decoder (length checked before buffering) → packed
 * frame inflater (output capped) → message decoder → message encoder → the {@link PeerConnection}.
 */
public final class ClientPipeline {
    private static final ClientMessageEncoder ENCODER = new ClientMessageEncoder();

    private ClientPipeline() {
    }

    public static void assemble(ChannelPipeline p, int maxFrameLength, int maxInflated, int idleSeconds,
                                PeerConnection connection) {
        p.addLast("idle", new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS));
        p.addLast("frames", new Ed2kFrameDecoder(maxFrameLength));
        p.addLast("inflate", new PackedPacketInflater(maxInflated));
        p.addLast("messages", new ClientMessageDecoder());
        p.addLast("encoder", ENCODER);
        p.addLast("session", connection);
    }
}
