package org.crossnet.adapter.gnutella.http.upload;

import static org.assertj.core.api.Assertions.assertThat;

import org.crossnet.adapter.gnutella.http.upload.UploadQueue.Kind;
import org.junit.jupiter.api.Test;

class UploadQueueTest {
    private final Object a = "a";
    private final Object b = "b";
    private final Object c = "c";
    private final Object d = "d";

    @Test
    void grantsSlotsThenQueuesThenRefuses() {
        UploadQueue q = new UploadQueue(1, 2, 120_000);
        assertThat(q.admit(a, null, 0).kind()).isEqualTo(Kind.GRANTED);
        assertThat(q.admit(a, null, 1).kind()).as("a holder keeps its slot").isEqualTo(Kind.GRANTED);
        UploadQueue.Admission qb = q.admit(b, null, 2);
        assertThat(qb.kind()).isEqualTo(Kind.QUEUED);
        assertThat(qb.position()).isEqualTo(1);
        assertThat(qb.id()).hasSize(32);
        assertThat(q.admit(c, null, 3)).extracting(UploadQueue.Admission::kind, UploadQueue.Admission::position,
                UploadQueue.Admission::length).containsExactly(Kind.QUEUED, 2, 2);
        assertThat(q.admit(d, null, 4).kind()).isEqualTo(Kind.FULL);
        assertThat(q.active()).isEqualTo(1);
        assertThat(q.queued(4)).isEqualTo(2);
    }

    @Test
    void aFreedSlotGoesToTheHeadOfTheQueue() {
        UploadQueue q = new UploadQueue(1, 5, 120_000);
        q.admit(a, null, 0);
        q.admit(b, null, 1);
        q.admit(c, null, 2);
        q.release(a);
        assertThat(q.admit(c, null, 3)).extracting(UploadQueue.Admission::kind, UploadQueue.Admission::position)
                .containsExactly(Kind.QUEUED, 2);
        assertThat(q.admit(d, null, 3).kind()).as("a newcomer waits behind the queue").isEqualTo(Kind.QUEUED);
        assertThat(q.admit(b, null, 4).kind()).isEqualTo(Kind.GRANTED);
        assertThat(q.admit(c, null, 5)).extracting(UploadQueue.Admission::kind, UploadQueue.Admission::position)
                .containsExactly(Kind.QUEUED, 1);
    }

    @Test
    void entriesNotPolledWithinPollMaxAreDropped() {
        UploadQueue q = new UploadQueue(1, 5, 10_000);
        q.admit(a, null, 0);
        q.admit(b, null, 0);
        q.admit(c, null, 0);
        q.admit(c, null, 14_000); // c polls, b does not
        assertThat(q.queued(15_001)).isEqualTo(1);
        assertThat(q.admit(c, null, 15_002).position()).isEqualTo(1);
    }

    @Test
    void theParqIdFindsTheEntryFromAnotherConnection() {
        UploadQueue q = new UploadQueue(1, 5, 120_000);
        q.admit(a, null, 0);
        String id = q.admit(b, null, 0).id();
        q.admit(c, null, 0);
        UploadQueue.Admission again = q.admit(d, id.toUpperCase(), 1);
        assertThat(again.kind()).isEqualTo(Kind.QUEUED);
        assertThat(again.position()).isEqualTo(1);
        assertThat(again.id()).isEqualTo(id);
        assertThat(q.queued(1)).isEqualTo(2);
    }
}
