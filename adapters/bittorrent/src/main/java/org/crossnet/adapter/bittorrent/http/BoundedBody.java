package org.crossnet.adapter.bittorrent.http;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * Collects a response body of at most {@code max} bytes for {@link java.net.http.HttpClient}; the first chunk that
 * would pass the cap cancels the exchange and fails the body with the caller's exception, so an oversized answer is
 * never buffered whole. A body shorter than expected completes normally: callers check the length they need.
 */
public final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int max;
    private final Supplier<? extends Exception> overflow;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private byte[] buffer;
    private int size;
    private Flow.Subscription subscription;

    /**
     * @param initialCapacity bytes allocated up front (the exact length when it is known), grown up to {@code max}
     * @param max             the most bytes accepted
     * @param overflow        the failure when the body passes {@code max}
     */
    public BoundedBody(int initialCapacity, int max, Supplier<? extends Exception> overflow) {
        if (initialCapacity < 0 || max < initialCapacity) {
            throw new IllegalArgumentException("initialCapacity/max: " + initialCapacity + "/" + max
                    + " (expected: 0 <= initialCapacity <= max)");
        }
        this.max = max;
        this.overflow = overflow;
        this.buffer = new byte[initialCapacity];
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            int n = item.remaining();
            if ((long) size + n > max) {
                subscription.cancel();
                body.completeExceptionally(overflow.get());
                return;
            }
            if (size + n > buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(max, Math.max((long) size + n, 2L * buffer.length)));
            }
            item.get(buffer, size, n);
            size += n;
        }
    }

    @Override
    public void onError(Throwable throwable) {
        body.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        body.complete(size == buffer.length ? buffer : Arrays.copyOf(buffer, size));
    }
}
