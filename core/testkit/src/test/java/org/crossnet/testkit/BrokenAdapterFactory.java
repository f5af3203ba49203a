package org.crossnet.testkit;

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
import org.crossnet.spi.event.GatewayEvent;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.NetworkId;

/**
 * A deliberately broken adapter, to prove the contract test catches breaches: it starts a thread in
 * {@code create()}, declares SEARCH without a searcher, never writes what it is asked to download, and calls its
 * download sink and event sink after {@code close()} returned.
 */
public final class BrokenAdapterFactory implements NetworkAdapterFactory<BrokenAdapterFactory.Config> {
    /** An empty config. */
    public record Config() {
    }

    @Override
    public String id() {
        return "broken";
    }

    @Override
    public String displayName() {
        return "Broken";
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
        return new Broken(context);
    }

    private static final class Broken implements NetworkAdapter {
        private final AdapterContext context;
        private final CountDownLatch stop = new CountDownLatch(1);
        private volatile DownloadSink lastSink;

        Broken(AdapterContext context) {
            this.context = context;
            Thread worker = new Thread(() -> {
                try {
                    stop.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "broken-adapter-worker");
            worker.setDaemon(true);
            worker.start();
        }

        @Override
        public Set<AdapterCapability> capabilities() {
            return Set.of(AdapterCapability.SEARCH, AdapterCapability.DOWNLOAD);
        }

        @Override
        public void start() {
        }

        @Override
        public String statusLine() {
            return "broken";
        }

        @Override
        public java.util.Optional<Downloader> downloader() {
            return java.util.Optional.of(new Downloader() {
                @Override
                public boolean canFetch(ContentId content) {
                    return true;
                }

                @Override
                public DownloadSession download(DownloadRequest request, DownloadSink sink) {
                    lastSink = sink;
                    return new DownloadSession() {
                        @Override
                        public void pause() {
                        }

                        @Override
                        public void resume() {
                        }

                        @Override
                        public boolean completed() {
                            return false;
                        }

                        @Override
                        public void close() {
                        }
                    };
                }
            });
        }

        @Override
        public void close() {
            stop.countDown();
            DownloadSink sink = lastSink;
            NetworkId network = context.network();
            context.eventLoops().schedule(() -> {
                if (sink != null) {
                    sink.traffic(1, 0);
                }
                context.events().publish(new GatewayEvent.AdapterNotice(network, "late"));
            }, 50, TimeUnit.MILLISECONDS);
        }
    }
}
