package org.crossnet.engine.transfer;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.crossnet.spi.AdapterCapability;
import org.crossnet.spi.AdapterContext;
import org.crossnet.spi.DownloadRequest;
import org.crossnet.spi.DownloadSession;
import org.crossnet.spi.DownloadSink;
import org.crossnet.spi.Downloader;
import org.crossnet.spi.NetworkAdapter;
import org.crossnet.spi.NetworkAdapterFactory;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.model.ContentFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.InfoHash;
import org.crossnet.spi.model.NetworkId;

/**
 * A TEST network, id {@value #ID}, that fetches one btih the way a BitTorrent adapter fetches a magnet: on another
 * thread it reports the content's name and size, then its file list ({@link DownloadSink#filesResolved}), then writes
 * the bytes piece by piece in 7,000-byte chunks (so writes cross file boundaries at odd offsets) into the engine's
 * store and marks each piece verified. A {@link Script} (shared with the test) says what to serve and how far to go.
 */
public final class FileListAdapterFactory implements NetworkAdapterFactory<FileListAdapterFactory.Config> {
    public static final String ID = "filelist";
    static final int CHUNK = 7_000;

    /** No settings: the test drives the adapter through its {@link Script}. */
    public record Config() {
    }

    /**
     * What the network serves and how far a download goes.
     *
     * @param gate      opened by the test before any byte is written (the download waits at most 30 s for it)
     * @param stopAfter pieces to write before stopping; {@code Integer.MAX_VALUE} for all
     */
    public record Script(InfoHash btih, String name, List<ContentFile> files, byte[] data, int pieceLength,
                         CountDownLatch gate, int stopAfter) {
        public Script {
            files = List.copyOf(files);
        }
    }

    private final Script script;

    public FileListAdapterFactory(Script script) {
        this.script = script;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "File list (test adapter)";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public Config defaultConfig() {
        return new Config();
    }

    @Override
    public NetworkAdapter create(Config config, AdapterContext context) {
        return new Adapter(context.network());
    }

    private final class Adapter implements NetworkAdapter, Downloader {
        private final NetworkId network;

        Adapter(NetworkId network) {
            this.network = network;
        }

        @Override
        public Set<AdapterCapability> capabilities() {
            return EnumSet.of(AdapterCapability.DOWNLOAD);
        }

        @Override
        public void start() {
            // nothing to connect to
        }

        @Override
        public String statusLine() {
            return "serving " + script.name();
        }

        @Override
        public Optional<Downloader> downloader() {
            return Optional.of(this);
        }

        @Override
        public void close() {
            // sessions end themselves when closed by the engine
        }

        @Override
        public boolean canFetch(ContentId content) {
            return script.btih().equals(content.btih());
        }

        @Override
        public DownloadSession download(DownloadRequest request, DownloadSink sink) {
            Session session = new Session(request.store(), sink);
            Thread thread = new Thread(session::run, "filelist-" + request.transfer());
            thread.setDaemon(true);
            thread.start();
            return session;
        }

        private final class Session implements DownloadSession {
            private final StoredContent store;
            private final DownloadSink sink;
            private volatile boolean closed;
            private volatile boolean paused;

            Session(StoredContent store, DownloadSink sink) {
                this.store = store;
                this.sink = sink;
            }

            void run() {
                byte[] data = script.data();
                sink.contentResolved(new ContentId(data.length, script.name(), null, null, null, null, script.btih()));
                sink.filesResolved(script.files());
                try {
                    if (!script.gate().await(30, TimeUnit.SECONDS)) {
                        sink.failed("test gate never opened");
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                int pieces = (data.length + script.pieceLength() - 1) / script.pieceLength();
                for (int piece = 0; piece < Math.min(pieces, script.stopAfter()) && !closed; piece++) {
                    int start = piece * script.pieceLength();
                    int end = Math.min(data.length, start + script.pieceLength());
                    if (store.isVerified(start, end - start)) {
                        continue;
                    }
                    while (paused && !closed) {
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                    for (int at = start; at < end; at += CHUNK) {
                        store.write(at, ByteBuffer.wrap(data, at, Math.min(CHUNK, end - at)));
                    }
                    store.markVerified(new VerificationUnit(network, "bt-piece", piece, start, end - start));
                    sink.traffic(end - start, 0);
                }
            }

            @Override
            public void pause() {
                paused = true;
            }

            @Override
            public void resume() {
                paused = false;
            }

            @Override
            public boolean completed() {
                return false; // no seeding: the transfer completes
            }

            @Override
            public void close() {
                closed = true;
            }
        }
    }
}
