package org.crossnet.adapter.bittorrent.support;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.List;
import org.crossnet.spi.DownloadSink;
import org.crossnet.spi.StoredContent;
import org.crossnet.spi.VerificationUnit;
import org.crossnet.spi.model.ContentFile;
import org.crossnet.spi.model.ContentId;
import org.crossnet.spi.model.SourceCount;
import org.crossnet.spi.model.TransferId;
import org.crossnet.testkit.CallLog;
import org.crossnet.testkit.InMemoryStoredContent;
import org.crossnet.testkit.RecordingDownloadSink;

/**
 * A store of unknown size until the sink learns it, as the engine's is for a magnet: wraps an
 * {@link InMemoryStoredContent} created when {@link #sink} sees {@code contentResolved} with a size.
 */
public final class MagnetStore implements StoredContent {
    private final TransferId transfer = TransferId.random();
    private volatile InMemoryStoredContent delegate;

    public TransferId transfer() {
        return transfer;
    }

    public long size() {
        InMemoryStoredContent d = delegate;
        return d == null ? -1 : d.size();
    }

    public int blockCount() {
        return delegate().blockCount();
    }

    public BitSet writtenBlocks() {
        return delegate().writtenBlocks();
    }

    public void write(long offset, ByteBuffer src) {
        delegate().write(offset, src);
    }

    public int read(long offset, ByteBuffer dst) {
        return delegate().read(offset, dst);
    }

    public void markVerified(VerificationUnit unit) {
        delegate().markVerified(unit);
    }

    public int markCorrupt(VerificationUnit unit) {
        return delegate().markCorrupt(unit);
    }

    public boolean isVerified(long offset, long length) {
        return delegate().isVerified(offset, length);
    }

    public long bytesVerified() {
        InMemoryStoredContent d = delegate;
        return d == null ? 0 : d.bytesVerified();
    }

    /** The bytes stored, or an empty array before the size is known. */
    public byte[] data() {
        InMemoryStoredContent d = delegate;
        return d == null ? new byte[0] : d.data();
    }

    public long verifiedBytes() {
        InMemoryStoredContent d = delegate;
        return d == null ? 0 : d.verifiedBytes();
    }

    private InMemoryStoredContent delegate() {
        InMemoryStoredContent d = delegate;
        if (d == null) {
            throw new IllegalStateException("size: unknown (expected: contentResolved before any data)");
        }
        return d;
    }

    /** A sink that records into {@code recorder} and sizes this store on {@code contentResolved}. */
    public DownloadSink sink(RecordingDownloadSink recorder) {
        return new DownloadSink() {
            public void sources(SourceCount count) {
                recorder.sources(count);
            }

            public void traffic(long down, long up) {
                recorder.traffic(down, up);
            }

            public void contentResolved(ContentId content) {
                if (content.sizeKnown() && delegate == null) {
                    delegate = new InMemoryStoredContent(transfer, content.size(), new CallLog());
                }
                recorder.contentResolved(content);
            }

            public void filesResolved(List<ContentFile> files) {
                recorder.filesResolved(files);
            }

            public void failed(String reason) {
                recorder.failed(reason);
            }
        };
    }
}
