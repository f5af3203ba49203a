package org.crossnet.adapter.edonkey.support;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.crossnet.adapter.edonkey.codec.ClientMessage;
import org.crossnet.adapter.edonkey.codec.ClientMessageDecoder;
import org.crossnet.adapter.edonkey.codec.ClientMessageEncoder;
import org.crossnet.adapter.edonkey.codec.Ed2kWire;
import org.crossnet.adapter.edonkey.codec.Ed2kZlib;
import org.crossnet.adapter.edonkey.codec.PartStatus;
import org.crossnet.adapter.edonkey.session.PeerInfo;
import org.crossnet.adapter.edonkey.storage.Ed2kHashes;
import org.crossnet.spi.model.Bytes;
import org.crossnet.spi.model.Ed2kHash;

/**
 * A scripted eD2k uploader on 127.0.0.1 (one thread per connection) serving one file from memory, honestly or not:
 * it can corrupt every byte it sends, send zlib-compressed parts, send a compressed part that inflates past its
 * block (a bomb), or announce the file's AICH root and answer AICH requests with recovery data that does not verify.
 * Answers what the adapter's downloader asks, in the order aMule would.
 */
public final class ScriptedUploader implements AutoCloseable {
    /** How the uploader misbehaves. */
    public enum Mode {
        HONEST, CORRUPT, COMPRESSED, COMPRESSED_BOMB,
        /** Honest data; announces the AICH root and answers AICH requests with one block hash changed. */
        BAD_RECOVERY_DATA
    }

    private final byte[] data;
    private final Ed2kHashes.FileHashes hashes;
    private final Mode mode;
    private final ServerSocket server;
    private final List<Socket> sockets = new ArrayList<>();
    private final AtomicLong bytesSent = new AtomicLong();
    private final Bytes userHash;

    public ScriptedUploader(byte[] data, Mode mode) throws IOException {
        this.data = data;
        this.hashes = Ed2kHashes.of(data);
        this.mode = mode;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        byte[] h = new byte[16];
        new Random().nextBytes(h);
        userHash = Bytes.of(h);
        Thread t = new Thread(this::accept, "scripted-uploader-" + mode);
        t.setDaemon(true);
        t.start();
    }

    public Ed2kHash hash() {
        return hashes.file();
    }

    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Payload bytes sent so far (plain or packed). */
    public long bytesSent() {
        return bytesSent.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                synchronized (sockets) {
                    sockets.add(s);
                }
                Thread t = new Thread(() -> serve(s), "scripted-uploader-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            DataInputStream in = new DataInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                int protocol = in.readUnsignedByte();
                int length = Integer.reverseBytes(in.readInt());
                int opcode = in.readUnsignedByte();
                byte[] payload = new byte[length - 1];
                in.readFully(payload);
                ClientMessage m = ClientMessageDecoder.decode(protocol, opcode, Unpooled.wrappedBuffer(payload), 2);
                answer(m, out);
            }
        } catch (IOException | RuntimeException e) {
            // the peer went away or sent something we do not script: end this connection
        }
    }

    private void answer(ClientMessage m, OutputStream out) throws IOException {
        Ed2kHash h = hashes.file();
        if (m instanceof ClientMessage.Hello) {
            send(out, new ClientMessage.HelloAnswer(userHash, 0, server.getLocalPort(),
                    PeerInfo.ourTags("scripted-uploader", 0, 0), 0, 0));
        } else if (m instanceof ClientMessage.MultiPacket) {
            List<ClientMessage.MultiAnswer> answers = new ArrayList<>(List.of(
                    new ClientMessage.NameAnswer("scripted.bin"), new ClientMessage.StatusAnswer(PartStatus.complete())));
            if (mode == Mode.BAD_RECOVERY_DATA) {
                answers.add(new ClientMessage.AichHashAnswer(aichRoot()));
            }
            send(out, new ClientMessage.MultiPacketAnswer(h, answers));
        } else if (m instanceof ClientMessage.AichRequest r && mode == Mode.BAD_RECOVERY_DATA) {
            send(out, badRecoveryData(r));
        } else if (m instanceof ClientMessage.HashsetRequest) {
            send(out, new ClientMessage.HashsetAnswer(h, hashes.parts()));
        } else if (m instanceof ClientMessage.StartUploadRequest) {
            send(out, new ClientMessage.AcceptUpload());
        } else if (m instanceof ClientMessage.RequestParts r) {
            long[] starts = r.starts();
            long[] ends = r.ends();
            for (int i = 0; i < 3; i++) {
                if (starts[i] < ends[i]) {
                    range(out, starts[i], ends[i]);
                }
            }
        }
    }

    /** The root of the data (a file in memory: under 2 GiB). */
    public org.crossnet.spi.model.AichRoot aichRoot() {
        org.crossnet.spi.hash.AichTree t = new org.crossnet.spi.hash.AichTree(data.length);
        t.update(data, 0, data.length);
        return t.root();
    }

    private ClientMessage badRecoveryData(ClientMessage.AichRequest r) {
        org.crossnet.spi.hash.AichTree t = new org.crossnet.spi.hash.AichTree(data.length);
        t.update(data, 0, data.length);
        long start = r.part() * org.crossnet.spi.hash.AichTree.PART_SIZE;
        long len = org.crossnet.spi.hash.AichTree.partLength(data.length, r.part());
        org.crossnet.spi.hash.AichBlockHasher b = new org.crossnet.spi.hash.AichBlockHasher(len);
        b.update(data, (int) start, (int) len);
        byte[] blocks = b.blockHashes();
        blocks[blocks.length - 1] ^= 1;
        return new ClientMessage.AichAnswer(hashes.file(), r.part(), t.root(),
                org.crossnet.spi.hash.AichRecovery.build(data.length, r.part(), t.partHashes(), blocks), false);
    }

    private void range(OutputStream out, long start, long end) throws IOException {
        byte[] chunk = java.util.Arrays.copyOfRange(data, (int) start, (int) end);
        if (mode == Mode.CORRUPT) {
            for (int i = 0; i < chunk.length; i += 97) {
                chunk[i] ^= 0x5A;
            }
        }
        if (mode == Mode.COMPRESSED || mode == Mode.COMPRESSED_BOMB) {
            byte[] plain = mode == Mode.COMPRESSED_BOMB ? new byte[chunk.length * 4] : chunk;
            ByteBuf z = Ed2kZlib.deflate(Unpooled.wrappedBuffer(plain), ByteBufAllocator.DEFAULT);
            byte[] packed = ByteBufUtil.getBytes(z);
            z.release();
            for (int off = 0; off < packed.length; off += Ed2kWire.SENDING_CHUNK) {
                int len = Math.min(Ed2kWire.SENDING_CHUNK, packed.length - off);
                send(out, new ClientMessage.CompressedPart(hashes.file(), start, packed.length,
                        Unpooled.wrappedBuffer(packed, off, len), false));
                bytesSent.addAndGet(len);
            }
            return;
        }
        for (int off = 0; off < chunk.length; off += Ed2kWire.SENDING_CHUNK) {
            int len = Math.min(Ed2kWire.SENDING_CHUNK, chunk.length - off);
            send(out, new ClientMessage.SendingPart(hashes.file(), start + off, start + off + len,
                    Unpooled.wrappedBuffer(chunk, off, len), false));
            bytesSent.addAndGet(len);
        }
    }

    private static void send(OutputStream out, ClientMessage m) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        ClientMessageEncoder.encode(m, buf);
        out.write(ByteBufUtil.getBytes(buf));
        out.flush();
        buf.release();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
